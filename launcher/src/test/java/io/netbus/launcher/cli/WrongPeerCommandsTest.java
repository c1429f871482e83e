package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.Main;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * DESIGN: "Every client (bus commands, file commands, bench) that reaches a peer speaking another
 * protocol, or nothing, says so within seconds in a user's words and exits non-zero." The matrix:
 * each client against a greet-like peer (a banner on connect, then {@code Hello, <msg>!}), a peer
 * that accepts and never answers, and a closed port.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WrongPeerCommandsTest {

  /** "Within seconds": the clients' 3 s first-answer time, plus room for a loaded machine. */
  private static final long WITHIN_MS = 9_000;

  private static Vertx vertx;
  private static int greet;
  private static int silent;
  private static int closed;
  private static int silentUdp;

  @TempDir
  static Path dir;

  @BeforeAll
  static void peers() throws Exception {
    vertx = Vertx.vertx();
    greet = listen(vertx.createNetServer().connectHandler(s -> {
      s.write("Welcome!");
      s.handler(b -> s.write(Buffer.buffer("Hello, ").appendBuffer(b).appendString("!")));
    }));
    silent = listen(vertx.createNetServer().connectHandler(s -> s.handler(b -> { })));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    DatagramSocket udp = vertx.createDatagramSocket();
    udp.handler(p -> { });
    silentUdp = udp.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().port();
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static int listen(NetServer server) throws Exception {
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  /** The bus clients, {@code %s} the bridge. */
  private static List<String[]> busClients() {
    return List.of(new String[] {"send", "--bridge", "%s", "netbus.x", "{}"},
        new String[] {"publish", "--bridge", "%s", "netbus.x", "{}"},
        new String[] {"listen", "--bridge", "%s", "netbus.x"},
        new String[] {"nodes", "--bridge", "%s"},
        new String[] {"status", "--bridge", "%s"},
        new String[] {"bench", "bus", "--bridge", "%s", "-n", "10", "-w", "0", "-q"});
  }

  /** The file clients, {@code %s} the exchange listener. */
  private static List<String[]> fileClients() throws Exception {
    Path local = Files.writeString(dir.resolve("local.txt"), "hi\n");
    return List.of(new String[] {"ls", "%s"},
        new String[] {"get", "%s", "file.txt", dir.resolve("got.txt").toString(), "--force"},
        new String[] {"put", "%s", local.toString(), "up.txt", "--force"},
        new String[] {"bench", "file", "%s", "-m", "get", "--name", "file.txt", "-q"});
  }

  @Test
  void busClientsNameTheWrongPeer() {
    List<String> problems = new ArrayList<>();
    for (String[] command : busClients()) {
      expect(problems, command, greet, "127.0.0.1:" + greet + " is not a netbus bridge (it sent \"Welcome!");
      expect(problems, command, silent, "127.0.0.1:" + silent + " is not a netbus bridge (it sent nothing within 3 s)");
      expect(problems, command, closed, "127.0.0.1:" + closed + ": connection refused (nothing listens there)");
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void fileClientsNameTheWrongPeer() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String[] command : fileClients()) {
      // the banner and the answer may arrive as one chunk or two: the client names what it read
      expect(problems, command, greet, "127.0.0.1:" + greet + " is not a netbus exchange listener (it sent \"");
      expect(problems, command, silent, "127.0.0.1:" + silent
          + " is not a netbus exchange listener (it sent nothing within 3 s)");
      expect(problems, command, closed, "127.0.0.1:" + closed + ": connection refused (nothing listens there)");
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void loadGeneratorsNameAPeerThatDoesNotAnswer() {
    List<String> problems = new ArrayList<>();
    String[] tcp = {"bench", "tcp", "%s", "-n", "100", "-w", "0", "-q"};
    expect(problems, tcp, silent, "nothing answered at 127.0.0.1:" + silent + " within 3 s");
    expect(problems, tcp, closed, "127.0.0.1:" + closed + ": connection refused (nothing listens there)");
    expect(problems, new String[] {"bench", "udp", "%s", "-n", "100", "-w", "0", "-q"}, silentUdp,
        "nothing answered at 127.0.0.1:" + silentUdp + " within 3 s");
    assertThat(problems).isEmpty();
  }

  /** Runs {@code template} against {@code port}; records what is wrong with its outcome. */
  private static void expect(List<String> problems, String[] template, int port, String line) {
    String[] args = template.clone();
    for (int i = 0; i < args.length; i++) {
      args[i] = args[i].replace("%s", "127.0.0.1:" + port);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    long t0 = System.nanoTime();
    int status = cmd.execute(args);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    String said = err.toString().strip();
    String what = String.join(" ", args);
    if (status != ExitCodes.FAILURE) {
      problems.add(what + ": exit " + status + " (" + said + ")");
    } else if (ms > WITHIN_MS) {
      problems.add(what + ": took " + ms + " ms");
    } else if (said.lines().count() != 1 || !said.contains(line)) {
      problems.add(what + ": said '" + said + "', not one line with '" + line + "'");
    }
  }
}
