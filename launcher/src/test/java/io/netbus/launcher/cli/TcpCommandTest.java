package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.tcp.TcpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code netbus tcp} against real listeners of the TCP module. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TcpCommandTest {

  private Map<String, Integer> ports;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    JsonArray listeners = new JsonArray()
        .add(listener("upper", "upper", "raw"))
        .add(listener("greet", "greet", "raw"))
        .add(listener("time", "time", "raw"))
        .add(listener("chat", "chat", "line").put("welcome", "joined"))
        .add(listener("len", "echo", "length"));
    TcpVerticle root = new TcpVerticle();
    vertx.deployVerticle(root, new DeploymentOptions().setConfig(new JsonObject().put("listeners", listeners)))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    ports = root.actualPorts();
  }

  private static JsonObject listener(String name, String service, String framing) {
    return new JsonObject().put("name", name).put("port", 0).put("service", service).put("framing", framing);
  }

  private int run(TcpCommand cmd, InputStream in, OutputStream out, String... args) {
    cmd.in = in;
    cmd.out = out;
    return new CommandLine(cmd).setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(ExitCodes::onExecutionException).execute(args);
  }

  private static InputStream stdin(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pipedInputPrintsTheReply() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int status = run(new TcpCommand(), stdin("hello\n"), out, "--wait", "30", "127.0.0.1",
        String.valueOf(ports.get("upper")));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO\n");
    // the server closed after our half-close: no need to sit out --wait
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(15_000);
  }

  @Test
  void exitEndsTheSessionLikeTheSeedClient() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = run(new TcpCommand(), stdin("Michael\nexit\nnever sent\n"), out, "127.0.0.1",
        String.valueOf(ports.get("greet")));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Welcome!Hello, Michael!\n");
  }

  @Test
  void timeSaysGoodbye() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(new TcpCommand(), stdin("hi\nexit\n"), out, "127.0.0.1", String.valueOf(ports.get("time"))))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).matches("(?s)\\[.+\\] hi\nsee you again\n");
  }

  @Test
  void lengthFramingSendsAndPrintsFrames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(new TcpCommand(), stdin("one\r\ntwo"), out, "--framing", "length", "127.0.0.1",
        String.valueOf(ports.get("len")))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
  }

  @Test
  void fullDuplexChat() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keyboard);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    OutputStream out = new LineSink(lines);
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
        () -> run(new TcpCommand(), in, out, "127.0.0.1", String.valueOf(ports.get("chat"))));
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("joined");
    try (Socket other = new Socket("127.0.0.1", ports.get("chat"))) {
      other.setSoTimeout(10_000);
      InputStream otherIn = other.getInputStream();
      assertThat(new String(otherIn.readNBytes(7), StandardCharsets.UTF_8)).isEqualTo("joined\n");
      // the other side talks while our stdin is idle: printed as it arrives
      other.getOutputStream().write("hello cli\n".getBytes(StandardCharsets.UTF_8));
      assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("hello cli");
      keyboard.write("hello other\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      assertThat(new String(otherIn.readNBytes(12), StandardCharsets.UTF_8)).isEqualTo("hello other\n");
      keyboard.close();
      assertThat(status.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void waitsForAServerThatKeepsTheConnectionOpen() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          Socket s = server.accept();
          s.getOutputStream().write("banner\n".getBytes(StandardCharsets.UTF_8));
          return s;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      int status = run(new TcpCommand(), stdin("x\n"), out, "--wait", "0.5", "127.0.0.1",
          String.valueOf(server.getLocalPort()));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(status).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("banner\n");
      assertThat(ms).isBetween(400L, 5_000L);
      accepted.get(5, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void refusedConnectionsExitWithOne() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      free = s.getLocalPort();
    }
    int status = run(new TcpCommand(), stdin(""), new ByteArrayOutputStream(), "127.0.0.1", String.valueOf(free));
    assertThat(status).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).startsWith("netbus: cannot connect to 127.0.0.1:" + free + ": Connection refused");
  }

  @Test
  void aPeerThatNeverAnswersIsNamedAndExitsOne() throws Exception {
    // accepts, reads nothing back, never closes: the kernel's backlog is enough
    try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
      int status = run(new TcpCommand(), stdin("anyone?\n"), new ByteArrayOutputStream(), "--wait", "1",
          "127.0.0.1", String.valueOf(silent.getLocalPort()));
      assertThat(status).isEqualTo(ExitCodes.FAILURE);
      assertThat(err.toString()).startsWith("netbus tcp: nothing came back from 127.0.0.1:" + silent.getLocalPort()
          + " within 1.0 s of the end of input");
    }
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(run(new TcpCommand(), stdin(""), new ByteArrayOutputStream(), "127.0.0.1", "70000"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(run(new TcpCommand(), stdin(""), new ByteArrayOutputStream(), "--framing", "nope", "127.0.0.1", "1"))
        .isEqualTo(ExitCodes.USAGE);
  }

  /** Collects output lines into a queue as they complete. */
  private static final class LineSink extends OutputStream {
    private final BlockingQueue<String> lines;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();

    LineSink(BlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(current.toString(StandardCharsets.UTF_8));
        current.reset();
      } else {
        current.write(b);
      }
    }
  }
}
