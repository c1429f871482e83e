package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netbus.tcp.TcpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netbus forward} (and {@code netbus tcp unix:/path}) on real sockets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ForwardCommandTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();
  private ForwardCommand.Running running;

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws Exception {
    if (running != null) {
      running.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Parses {@code args} like the command line does and starts the forwarder. */
  private ForwardCommand.Running start(String... args) throws Exception {
    ForwardCommand cmd = new ForwardCommand();
    CommandLine line = new CommandLine(cmd).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(out, true));
    line.parseArgs(args);
    cmd.spec = line.getCommandSpec();
    running = cmd.start();
    return running;
  }

  private int execute(String... args) {
    return new CommandLine(new ForwardCommand()).setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(ExitCodes::onExecutionException).execute(args);
  }

  private static int port(String description) {
    // "forwarding tcp 127.0.0.1:PORT -> ..."
    String listen = description.split(" ")[2];
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  @Test
  void forwardsTcpBothWaysWithTheHalfClose() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 5, LOOPBACK)) {
      target.setSoTimeout(10_000);
      ForwardCommand.Running r = start("127.0.0.1:0", "127.0.0.1:" + target.getLocalPort());
      assertThat(r.description()).matches("forwarding tcp 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:"
          + target.getLocalPort());
      try (Socket client = new Socket(LOOPBACK, port(r.description()))) {
        client.setSoTimeout(10_000);
        client.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
        client.shutdownOutput();
        try (Socket server = target.accept()) {
          server.setSoTimeout(10_000);
          byte[] got = server.getInputStream().readAllBytes();
          server.getOutputStream().write(("got " + new String(got, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got hi\n");
      }
    }
  }

  @Test
  void aUnixSocketInFrontOfATcpServiceServesNetbusTcpUnix(Vertx vertx) throws Exception {
    TcpVerticle upper = new TcpVerticle();
    JsonObject l = new JsonObject().put("name", "upper").put("port", 0).put("service", "upper");
    vertx.deployVerticle(upper, new DeploymentOptions().setConfig(new JsonObject().put("listeners",
        new JsonArray().add(l)))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Path sock = dir.resolve("upper.sock");
    ForwardCommand.Running r = start("unix:" + sock, "127.0.0.1:" + upper.actualPorts().get("upper"));
    assertThat(r.description()).isEqualTo("forwarding tcp unix:" + sock + " -> 127.0.0.1:"
        + upper.actualPorts().get("upper"));
    TcpCommand tcp = new TcpCommand();
    tcp.in = new ByteArrayInputStream("hello unix\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    tcp.out = printed;
    int status = new CommandLine(tcp).setErr(new PrintWriter(err, true)).execute("--wait", "10", "unix:" + sock);
    assertThat(status).as(err.toString()).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO UNIX\n");
  }

  @Test
  void forwardsUdpDatagramsAndTheirReplies() throws Exception {
    try (DatagramSocket target = new DatagramSocket(0, LOOPBACK); DatagramSocket client = new DatagramSocket(0, LOOPBACK)) {
      target.setSoTimeout(10_000);
      client.setSoTimeout(10_000);
      ForwardCommand.Running r = start("--udp", "0", "127.0.0.1:" + target.getLocalPort());
      assertThat(r.description()).startsWith("forwarding udp 127.0.0.1:");
      byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(ping, ping.length, LOOPBACK, port(r.description())));
      DatagramPacket in = new DatagramPacket(new byte[64], 64);
      target.receive(in);
      byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
      target.send(new DatagramPacket(pong, pong.length, in.getSocketAddress()));
      DatagramPacket reply = new DatagramPacket(new byte[64], 64);
      client.receive(reply);
      assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("pong");
    }
  }

  @Test
  void socatThroughTheForwarderGetsTheReplyAfterItsEof() throws Exception {
    assumeThat(new File("/usr/bin/socat")).as("socat installed").exists();
    try (ServerSocket target = new ServerSocket(0, 5, LOOPBACK)) {
      target.setSoTimeout(10_000);
      ForwardCommand.Running r = start("0", "localhost:" + target.getLocalPort());
      Process socat = new ProcessBuilder("/usr/bin/socat", "-t", "5", "-", "TCP:127.0.0.1:" + port(r.description()))
          .redirectErrorStream(true).start();
      socat.getOutputStream().write("from socat\n".getBytes(StandardCharsets.UTF_8));
      socat.getOutputStream().close();
      CompletableFuture<byte[]> printed = CompletableFuture.supplyAsync(() -> {
        try {
          return socat.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (Socket server = target.accept()) {
        byte[] got = server.getInputStream().readAllBytes();
        server.getOutputStream().write(new StringBuilder(new String(got, StandardCharsets.UTF_8).trim()).reverse()
            .append('\n').toString().getBytes(StandardCharsets.UTF_8));
      }
      assertThat(socat.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(printed.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("tacos morf\n");
      assertThat(socat.exitValue()).isZero();
    }
  }

  @Test
  void badArgumentsAreOneLineAndStatusTwo() {
    assertThat(execute("8080", "nohost")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).isEqualTo("netbus: TARGET: 'nohost' is not host:port or unix:/path"
        + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(execute("80800", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("netbus: LISTEN: 80800 is not a port (0-65535)");
    err.getBuffer().setLength(0);
    assertThat(execute("--udp", "unix:/tmp/x", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("netbus: LISTEN: 'unix:/tmp/x': --udp listens on [host:]port only");
    err.getBuffer().setLength(0);
    assertThat(execute("--tls-listen", "8443", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("--tls-listen needs --cert and --key");
    err.getBuffer().setLength(0);
    assertThat(execute("--ca", "missing-ca.crt", "8443", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("--ca: missing-ca.crt does not exist");
    err.getBuffer().setLength(0);
    assertThat(execute("--tls-target", "--cert", "me.crt", "8443", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("--cert/--key for --tls-target need --ca");
    err.getBuffer().setLength(0);
    assertThat(execute("--allow", "10.0.0.0/33", "8443", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("netbus: --allow: ");
    err.getBuffer().setLength(0);
    assertThat(execute("--udp", "--tls-target", "5353", "h:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("--tls-target does not apply to --udp");
  }

  @Test
  void netbusTcpSaysWhatIsWrongWithAUnixSocket() {
    TcpCommand tcp = new TcpCommand();
    tcp.in = new ByteArrayInputStream(new byte[0]);
    tcp.out = new ByteArrayOutputStream();
    Path missing = dir.resolve("none.sock");
    int status = new CommandLine(tcp).setErr(new PrintWriter(err, true)).execute("unix:" + missing);
    assertThat(status).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).isEqualTo("netbus: cannot connect to unix:" + missing + ": no such socket file"
        + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(new CommandLine(new TcpCommand()).setErr(new PrintWriter(err, true)).execute("127.0.0.1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("PORT is required (or give HOST as unix:/path)");
  }
}
