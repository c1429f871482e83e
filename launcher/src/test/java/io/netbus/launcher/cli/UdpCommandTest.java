package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.udp.UdpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code netbus udp} against a real greet listener and a silent socket. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpCommandTest {

  private int greet;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    UdpVerticle udp = new UdpVerticle();
    JsonObject config = new JsonObject().put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "greet").put("port", 0).put("service", "greet")));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config))
        .onSuccess(id -> greet = udp.ports().get("greet"))
        .onComplete(ctx.succeedingThenComplete());
  }

  private int run(String stdin, String... args) {
    UdpCommand command = new UdpCommand();
    command.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new CommandLine(command).setExecutionExceptionHandler(ExitCodes::onExecutionException).execute(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachLineIsOneDatagramAndRepliesArePrinted() {
    long t0 = System.nanoTime();
    int status = run("Michael\nTracy\nSarah\n", "--wait", "20", "127.0.0.1", String.valueOf(greet));
    assertThat(status).as(err()).isZero();
    assertThat(out()).isEqualTo("Hello, Michael!\nHello, Tracy!\nHello, Sarah!\n");
    assertThat(err()).isEmpty();
    // every datagram was answered: it does not sit out the whole --wait
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(15_000);
  }

  @Test
  void noticesWhenNoReplyComesWithinTheTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int status = run("anyone?\n", "--timeout", "200", "--wait", "2", "127.0.0.1",
          String.valueOf(silent.getLocalPort()));
      // not one reply: nothing answers there, an error
      assertThat(status).isEqualTo(ExitCodes.FAILURE);
      assertThat(out()).isEmpty();
      assertThat(err()).contains("datagram 1 got no reply within 200 ms", "UDP may lose packets")
          .contains("nothing answered at 127.0.0.1:" + silent.getLocalPort() + " (1 datagram sent, no reply within 2.0 s)");
    }
  }

  @Test
  void someRepliesMissingIsNotAnError() throws Exception {
    // a peer that answers the first datagram only: the second is "lost", as UDP may
    try (DatagramSocket once = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Thread answer = new Thread(() -> {
        try {
          java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
          once.receive(p);
          once.send(new java.net.DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (java.io.IOException closed) {
          // the test ended
        }
      }, "answer-once");
      answer.setDaemon(true);
      answer.start();
      int status = run("one\ntwo\n", "--timeout", "200", "--wait", "1", "127.0.0.1", String.valueOf(once.getLocalPort()));
      assertThat(status).as(err()).isZero();
      assertThat(out()).isEqualTo("one\n");
      assertThat(err()).contains("1 of 2 datagrams got no reply from 127.0.0.1:" + once.getLocalPort());
    }
  }

  @Test
  void refusesABadPort() {
    assertThat(run("", "127.0.0.1", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("0 is not a port");
    assertThat(run("", "127.0.0.1", "x")).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void unknownHostFails() {
    assertThat(run("", "no-such-host.invalid", "9")).isEqualTo(ExitCodes.FAILURE);
    assertThat(err()).contains("unknown host no-such-host.invalid");
  }
}
