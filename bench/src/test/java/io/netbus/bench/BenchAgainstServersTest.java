package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The load generators against tiny in-test servers on ephemeral ports: real sockets, short runs by count. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchAgainstServersTest {

  private Vertx vertx;
  private int lineEcho;
  private int lengthEcho;
  private int rawEcho;
  private int lineUpper;
  private int lineLiar;
  private int udpEcho;

  @BeforeEach
  void servers(Vertx vertx) throws Exception {
    this.vertx = vertx;
    lineEcho = listen(vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> s.write(line.copy().appendString("\n")))));
    lineUpper = listen(vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> s.write(line.toString(StandardCharsets.US_ASCII).toUpperCase() + "\r\n"))));
    // answers every 100th line wrongly
    int[] n = new int[1];
    lineLiar = listen(vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> s.write(++n[0] % 100 == 0 ? "nope\n" : line.toString() + "\n"))));
    lengthEcho = listen(vertx.createNetServer().connectHandler(s -> {
      RecordParser parser = RecordParser.newFixed(4, s);
      int[] expecting = {-1};
      parser.handler(frame -> {
        if (expecting[0] < 0) {
          expecting[0] = frame.getInt(0);
          if (expecting[0] == 0) {
            s.write(Buffer.buffer().appendInt(0));
            expecting[0] = -1;
          } else {
            parser.fixedSizeMode(expecting[0]);
          }
        } else {
          s.write(Buffer.buffer().appendInt(frame.length()).appendBuffer(frame));
          expecting[0] = -1;
          parser.fixedSizeMode(4);
        }
      });
    }));
    rawEcho = listen(vertx.createNetServer().connectHandler(s -> s.pipeTo(s)));
    DatagramSocket udp = vertx.createDatagramSocket();
    udp.handler(p -> udp.send(p.data(), p.sender().port(), p.sender().host()));
    udpEcho = udp.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().port();
  }

  private static int listen(NetServer server) throws Exception {
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static BenchProgress quiet() {
    return new BenchProgress(System.err, false, "msg");
  }

  private static TcpBench.Options tcp(int port, BenchFraming framing, Expect expect, long count) {
    return new TcpBench.Options(new Target("127.0.0.1", port), 4, 8, 32, framing, expect,
        new Limits(0, 20, count, 5), 2);
  }

  @Test
  void tcpLineLengthAndRawEchoRunCleanByCount() throws Exception {
    for (Object[] c : new Object[][] {{lineEcho, BenchFraming.LINE}, {lengthEcho, BenchFraming.LENGTH}, {rawEcho, BenchFraming.RAW}}) {
      BenchReport report = TcpBench.run(tcp((int) c[0], (BenchFraming) c[1], Expect.ECHO, 5000), quiet());
      assertThat(report.errorTotal()).as("%s", c[1]).isZero();
      assertThat(report.count()).as("%s", c[1]).isGreaterThanOrEqualTo(5000);
      assertThat(report.toJson().getJsonObject("latencyMicros").getLong("samples")).isEqualTo(report.count());
    }
  }

  @Test
  void tcpUpperExpectationChecksUpperCasedReplies() throws Exception {
    assertThat(TcpBench.run(tcp(lineUpper, BenchFraming.LINE, Expect.UPPER, 2000), quiet()).errorTotal()).isZero();
    BenchReport wrong = TcpBench.run(tcp(lineEcho, BenchFraming.LINE, Expect.UPPER, 2000), quiet());
    assertThat(wrong.toJson().getJsonObject("errorDetail").getLong("wrong")).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void aWrongReplyIsCountedAsAnError() throws Exception {
    BenchReport report = TcpBench.run(tcp(lineLiar, BenchFraming.LINE, Expect.ECHO, 3000), quiet());
    long wrong = report.toJson().getJsonObject("errorDetail").getLong("wrong");
    assertThat(wrong).isBetween(25L, 40L);
    assertThat(report.errorTotal()).isEqualTo(wrong);
  }

  @Test
  void rawFramingChecksTheStreamByteForByte() throws Exception {
    BenchReport report = TcpBench.run(tcp(rawEcho, BenchFraming.RAW, Expect.UPPER, 500), quiet());
    assertThat(report.toJson().getJsonObject("errorDetail").getLong("wrong")).isGreaterThanOrEqualTo(500);
  }

  @Test
  void refusedConnectionFailsTheRun() throws Exception {
    int closed = listen(vertx.createNetServer().connectHandler(s -> { }));
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> TcpBench.run(tcp(closed, BenchFraming.LINE, Expect.ECHO, 10), quiet()))
        .isInstanceOf(BenchException.class).hasMessageContaining("cannot connect to 127.0.0.1:" + closed);
  }

  @Test
  void udpEchoCountsEveryDatagram() throws Exception {
    BenchReport report = UdpBench.run(new UdpBench.Options(new Target("127.0.0.1", udpEcho), 1, 16, 64, Expect.ECHO,
        new Limits(0, 20, 3000, 2), 500, 1), quiet());
    assertThat(report.errorTotal()).isZero();
    assertThat(report.count()).isGreaterThanOrEqualTo(3000);
  }

  @Test
  void udpRepliesThatAreNotTheEchoAreWrongNotLate() throws Exception {
    DatagramSocket greet = vertx.createDatagramSocket();
    greet.handler(p -> greet.send(Buffer.buffer("Hello, ").appendBuffer(p.data()).appendString("!"),
        p.sender().port(), p.sender().host()));
    DatagramSocket ok = vertx.createDatagramSocket();
    ok.handler(p -> ok.send(Buffer.buffer("OK"), p.sender().port(), p.sender().host()));
    for (DatagramSocket server : new DatagramSocket[] {greet, ok}) {
      int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
          .localAddress().port();
      BenchReport report = UdpBench.run(new UdpBench.Options(new Target("127.0.0.1", port), 1, 16, 64, Expect.ECHO,
          new Limits(0, 20, 500, 2), 500, 1), quiet());
      JsonObject errors = report.toJson().getJsonObject("errorDetail");
      assertThat(report.count()).isGreaterThanOrEqualTo(500);
      assertThat(errors.getLong("wrong")).isGreaterThanOrEqualTo(500);
      assertThat(report.toJson().getLong("late")).isZero();
    }
  }

  @Test
  void busInProcessRequestAndPublish() throws Exception {
    for (String pattern : new String[] {"request", "publish"}) {
      BenchReport report = BusBench.run(new BusBench.Options(null, pattern, 16, 32, new Limits(0, 20, 2000, 5)),
          quiet());
      assertThat(report.errorTotal()).as(pattern).isZero();
      assertThat(report.count()).as(pattern).isGreaterThanOrEqualTo(2000);
    }
  }

  @Test
  void filePushGetAndSendCountEveryByte() throws Exception {
    Buffer content = Buffer.buffer(new byte[300_000]);
    int push = listen(vertx.createNetServer().connectHandler(s -> s.end(content)));
    // a protocol-shaped get: header line, the bytes, the sha line (not checked by the bench client)
    int get = listen(vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s).handler(line -> {
      JsonObject request = new JsonObject(line);
      if ("missing".equals(request.getString("name"))) {
        s.end(Buffer.buffer("{\"ok\":false,\"error\":\"not_found\",\"message\":\"no such file\"}\n"));
        return;
      }
      s.write(new JsonObject().put("ok", true).put("name", request.getString("name")).put("size", content.length())
          .put("offset", 0).encode() + "\n");
      s.write(content);
      s.end(Buffer.buffer("{\"sha256\":\"00\"}\n"));
    })));
    long[] received = new long[1];
    int sink = listen(vertx.createNetServer().connectHandler(s -> {
      s.handler(b -> received[0] += b.length());
      s.endHandler(v -> s.close());
    }));
    Limits twice = new Limits(0, 20, 2, 5);
    BenchReport pushed = FileBench.run(new FileBench.Options(new Target("127.0.0.1", push), "push", null, 0,
        content.length(), twice), quiet());
    assertThat(pushed.count()).isEqualTo(2);
    assertThat(pushed.toJson().getLong("bytes")).isEqualTo(600_000);
    assertThat(pushed.errorTotal()).isZero();
    BenchReport got = FileBench.run(new FileBench.Options(new Target("127.0.0.1", get), "get", "a.bin", 0,
        content.length(), twice), quiet());
    assertThat(got.toJson().getLong("bytes")).isEqualTo(600_000);
    assertThat(got.errorTotal()).isZero();
    BenchReport sent = FileBench.run(new FileBench.Options(new Target("127.0.0.1", sink), "send", null, 123_456, -1,
        new Limits(0, 20, 1, 5)), quiet());
    assertThat(sent.toJson().getLong("bytes")).isEqualTo(123_456);
    BenchReport missing = FileBench.run(new FileBench.Options(new Target("127.0.0.1", get), "get", "missing", 0, -1,
        new Limits(0, 20, 1, 5)), quiet());
    assertThat(missing.errorTotal()).isEqualTo(1);
    assertThat(missing.toJson().getString("firstFailure")).contains("not_found");
  }

  /** A stock vertx-tcp-eventbus-bridge on an ephemeral port (its API does not expose the port: read its server). */
  private int bridgePort(BridgeOptions options) throws Exception {
    TcpEventBusBridge bridge = TcpEventBusBridge.create(vertx, options).listen(0, "127.0.0.1").toCompletionStage()
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    java.lang.reflect.Field server = bridge.getClass().getDeclaredField("server");
    server.setAccessible(true);
    return ((NetServer) server.get(bridge)).actualPort();
  }

  @Test
  void busThroughABridgeRequestAndPublish() throws Exception {
    BridgeOptions permitted = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex("netbus\\..+"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("netbus\\..+"));
    int port = bridgePort(permitted);
    for (String pattern : new String[] {"request", "publish"}) {
      BenchReport report = BusBench.run(new BusBench.Options(new Target("127.0.0.1", port), pattern, 8, 32,
          new Limits(0, 20, 500, 5)), quiet());
      assertThat(report.errorTotal()).as(pattern).isZero();
      assertThat(report.count()).as(pattern).isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void busThroughABridgeThatRefusesTheAddressFails() throws Exception {
    BridgeOptions closed = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex("other\\..+"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("other\\..+"));
    int port = bridgePort(closed);
    assertThatThrownBy(() -> BusBench.run(new BusBench.Options(new Target("127.0.0.1", port), "request", 8, 32,
        new Limits(0, 2, 100, 5)), quiet()))
        .hasMessageContaining("access_denied");
  }
}
