package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Open-loop runs ({@code --rate}) against tiny servers on ephemeral ports: a line echo like
 * netbus's echo listener, and the same echo that stalls once for a second, which the open loop
 * must show in its tail and the closed loop hides.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpenLoopAgainstServersTest {

  private static final long MS = 1_000_000L;

  private int echo;
  private int stalling;

  @BeforeEach
  void servers(Vertx vertx) throws Exception {
    echo = listen(vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> s.write(line.copy().appendString("\n")))));
    // each connection: after its 300th line the server stops reading for one second, once
    stalling = listen(vertx.createNetServer().connectHandler(s -> {
      int[] lines = {0};
      RecordParser parser = RecordParser.newDelimited("\n", s);
      parser.handler(line -> {
        s.write(line.copy().appendString("\n"));
        if (++lines[0] == 300) {
          parser.pause();
          vertx.setTimer(1000, t -> parser.resume());
        }
      });
    }));
  }

  private static int listen(NetServer server) throws Exception {
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static BenchProgress quiet() {
    return new BenchProgress(System.err, false, "msg");
  }

  private static TcpBench.Options open(int port, int connections, double rate, double seconds) {
    return new TcpBench.Options(new Target("127.0.0.1", port), connections, TcpBench.OPEN_LOOP_DEPTH, 32,
        BenchFraming.LINE, Expect.ECHO, new Limits(0.5, seconds, 0, 10), 2, rate, ClientTransport.PLAIN);
  }

  @Test
  void twentyConnectionsSendTheScheduleAndEveryMessageIsAnswered() throws Exception {
    BenchReport report = TcpBench.run(open(echo, 20, 2000, 2), quiet());
    JsonObject json = report.toJson();
    assertThat(report.errorTotal()).as("%s", json).isZero();
    // 2,000/s for 2 s: every message intended in the window is answered and measured
    assertThat(json.getJsonObject("latencyMicros").getLong("samples")).isBetween(3990L, 4010L);
    // the achieved rate counts the replies that arrived inside the window, whatever their schedule; on a
    // machine busy with other work it may fall short of the asked rate, so only its presence is a fact here
    assertThat(report.rate()).as("%s", json).isPositive();
    assertThat(json.getJsonObject("parameters").getString("loop")).isEqualTo("open");
    assertThat(json.getJsonObject("parameters").getDouble("rate")).isEqualTo(2000.0);
    assertThat(json.getJsonObject("latencyMicros").getDouble("p90")).isPositive();
    assertThat(json.getJsonObject("sendLagMicros").getLong("samples")).isBetween(3990L, 4010L);
    assertThat(report.toTable()).contains("asked").contains("send lag").contains("p90");
  }

  @Test
  void aOneSecondStallShowsInTheOpenLoopTailAndHidesInTheClosedLoop() throws Exception {
    BenchReport openLoop = TcpBench.run(open(stalling, 1, 1000, 2.5), quiet());
    assertThat(openLoop.errorTotal()).isZero();
    // the stall comes 300 messages in (0.3 s, inside the 0.5 s warm-up's reach or just after); at
    // least 0.8 s of the 2.5 s window's messages waited for it, up to a second each
    assertThat(openLoop.latencyMicros(99)).as("open p99").isGreaterThanOrEqualTo(500_000);
    assertThat(openLoop.maxLatencyMicros()).isGreaterThanOrEqualTo(500_000);

    BenchReport closedLoop = TcpBench.run(new TcpBench.Options(new Target("127.0.0.1", stalling), 1, 1, 32,
        BenchFraming.LINE, Expect.ECHO, new Limits(0, 2.5, 0, 10), 1), quiet());
    assertThat(closedLoop.errorTotal()).isZero();
    // one message waited the whole second, the sender waited with it and measured nothing else
    assertThat(closedLoop.maxLatencyMicros()).as("closed max").isGreaterThanOrEqualTo(900_000);
    assertThat(closedLoop.latencyMicros(99)).as("closed p99").isLessThan(200_000);
  }

  @Test
  void udpAndInProcessBusRunOpenLoopToo(Vertx vertx) throws Exception {
    DatagramSocket udp = vertx.createDatagramSocket();
    udp.handler(p -> udp.send(p.data(), p.sender().port(), p.sender().host()));
    int port = udp.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().port();
    BenchReport datagrams = UdpBench.run(new UdpBench.Options(new Target("127.0.0.1", port), 2, 1024, 64,
        Expect.ECHO, new Limits(0.5, 1, 0, 10), 8000, 1, 2000), quiet());
    assertThat(datagrams.errorTotal()).as("%s", datagrams.toJson()).isZero();
    // every datagram of the window is answered or lost (a burst after a late tick can overflow the
    // server's receive queue on a loaded machine: that is loss, reported, not an error)
    JsonObject udpJson = datagrams.toJson();
    assertThat(udpJson.getJsonObject("latencyMicros").getLong("samples") + udpJson.getLong("lost"))
        .as("%s", udpJson).isEqualTo(2000);
    assertThat(udpJson.getJsonObject("latencyMicros").getLong("samples")).isPositive();
    assertThat(datagrams.toJson().getJsonObject("parameters").getString("loop")).isEqualTo("open");

    BenchReport bus = BusBench.run(new BusBench.Options(null, "request", 1024, 32, new Limits(0.5, 1, 0, 10), 0, 2000,
        ClientTransport.PLAIN), quiet());
    assertThat(bus.errorTotal()).as("%s", bus.toJson()).isZero();
    assertThat(bus.toJson().getJsonObject("latencyMicros").getLong("samples")).isBetween(1999L, 2001L);
    assertThat(bus.rate()).isPositive();
  }
}
