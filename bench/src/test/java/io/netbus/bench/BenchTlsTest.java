package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.security.Certs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benches against TLS servers on ephemeral ports, with certificates made here: a TLS line
 * echo, a stock TCP event-bus bridge over TLS that checks every frame's token, a TLS server
 * speaking the exchange protocol's get that checks the request line's token. The server's
 * certificate and name are verified: another CA, or a certificate for another host, fails.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchTlsTest {

  private static final String TOKEN = "s3cret-token";

  @TempDir
  static Path dir;
  private static Path ca;
  private static Path otherCa;
  private static PemKeyCertOptions serverIdentity;
  private static PemKeyCertOptions wrongHostIdentity;

  private Vertx vertx;
  private int tlsEcho;

  @BeforeAll
  static void certificates() throws Exception {
    Certs.Validity validity = Certs.Validity.from(Duration.ofDays(1));
    Certs.Issued authority = Certs.ca("bench test CA", validity);
    ca = write("ca.crt", authority.certificatePem());
    otherCa = write("other-ca.crt", Certs.ca("someone else", validity).certificatePem());
    serverIdentity = identity("node", Certs.node(authority, "node", List.of("127.0.0.1", "localhost"), validity));
    wrongHostIdentity = identity("elsewhere", Certs.node(authority, "elsewhere", List.of("example.org"), validity));
  }

  private static PemKeyCertOptions identity(String name, Certs.Issued issued) throws Exception {
    return new PemKeyCertOptions().setCertPath(write(name + ".crt", issued.certificatePem()).toString())
        .setKeyPath(write(name + ".key", issued.keyPem()).toString());
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private static NetServerOptions tls(PemKeyCertOptions identity) {
    return new NetServerOptions().setSsl(true).setKeyCertOptions(identity);
  }

  @BeforeEach
  void servers(Vertx vertx) throws Exception {
    this.vertx = vertx;
    tlsEcho = listen(vertx.createNetServer(tls(serverIdentity)).connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> s.write(line.copy().appendString("\n")))));
  }

  private static int listen(NetServer server) throws Exception {
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static BenchProgress quiet() {
    return new BenchProgress(System.err, false, "msg");
  }

  private static TcpBench.Options tcp(int port, ClientTransport transport) {
    return new TcpBench.Options(new Target("127.0.0.1", port), 4, 16, 32, BenchFraming.LINE, Expect.ECHO,
        new Limits(0, 20, 3000, 5), 2, 0, transport);
  }

  @Test
  void tcpEchoOverTlsChecksEveryReply() throws Exception {
    BenchReport report = TcpBench.run(tcp(tlsEcho, new ClientTls(ca.toString(), null, null)), quiet());
    assertThat(report.errorTotal()).isZero();
    assertThat(report.count()).isGreaterThanOrEqualTo(3000);
    assertThat(report.toJson().getJsonObject("parameters").getBoolean("tls")).isTrue();
  }

  @Test
  void theCommandLineTakesTheTlsFlags() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new BenchCommand()).setOut(new java.io.PrintWriter(out));
    int status = cli.execute("tcp", "127.0.0.1:" + tlsEcho, "--ca", ca.toString(), "-c", "2", "-D", "4", "-n", "500",
        "-w", "0", "--json", "-q");
    assertThat(status).isZero();
    JsonObject report = new JsonObject(out.toString());
    assertThat(report.getJsonObject("parameters").getBoolean("tls")).isTrue();
    assertThat(report.getLong("count")).isGreaterThanOrEqualTo(500);
    assertThat(report.getLong("errors")).isZero();
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() {
    assertThatThrownBy(() -> TcpBench.run(tcp(tlsEcho, new ClientTls(otherCa.toString(), null, null)), quiet()))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("cannot connect");
  }

  @Test
  void aServerCertificateForAnotherHostIsRefused() throws Exception {
    int port = listen(vertx.createNetServer(tls(wrongHostIdentity)).connectHandler(s -> s.pipeTo(s)));
    assertThatThrownBy(() -> TcpBench.run(tcp(port, new ClientTls(ca.toString(), null, null)), quiet()))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("cannot connect");
  }

  @Test
  void plainTcpToATlsListenerGetsNoReply() throws Exception {
    // the listener drops a client that does not speak TLS: the bench says so in one line, at once
    assertThatThrownBy(() -> TcpBench.run(new TcpBench.Options(new Target("127.0.0.1", tlsEcho), 1, 1, 32,
        BenchFraming.LINE, Expect.ECHO, new Limits(0, 1, 10, 1), 1), quiet()))
        .isInstanceOf(BenchException.class)
        .hasMessage("127.0.0.1:" + tlsEcho + " closed every connection without answering: is it the server you meant"
            + " (a TLS listener needs --tls)?");
  }

  @Test
  void aClientCertificateNeedsItsKey() {
    assertThatThrownBy(() -> new ClientTls(ca.toString(), ca.toString(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cert: needs --key");
    assertThatThrownBy(() -> new ClientTls(dir.resolve("missing.crt").toString(), null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ca: cannot read");
  }

  /** A stock bridge over TLS whose event handler refuses any frame without the token (pings included). */
  private int tokenBridge(AtomicLong framesWithToken) throws Exception {
    BridgeOptions permitted = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex("netbus\\..+"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("netbus\\..+"));
    TcpEventBusBridge bridge = TcpEventBusBridge.create(vertx, permitted, tls(serverIdentity), (BridgeEvent event) -> {
      if (event.type() == BridgeEventType.SOCKET_CREATED || event.type() == BridgeEventType.SOCKET_CLOSED) {
        event.complete(true);
        return;
      }
      JsonObject headers = event.getRawMessage() == null ? null : event.getRawMessage().getJsonObject("headers");
      boolean ok = headers != null && TOKEN.equals(headers.getString("token"));
      if (ok) {
        framesWithToken.incrementAndGet();
      }
      event.complete(ok);
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // the stock bridge's API does not expose the port: read its server
    java.lang.reflect.Field server = bridge.getClass().getDeclaredField("server");
    server.setAccessible(true);
    return ((NetServer) server.get(bridge)).actualPort();
  }

  @Test
  void busThroughATlsBridgeSendsTheTokenOnEveryFrame() throws Exception {
    AtomicLong framesWithToken = new AtomicLong();
    int port = tokenBridge(framesWithToken);
    ClientTls tls = new ClientTls(ca.toString(), null, null);
    BenchReport report = BusBench.run(new BusBench.Options(new Target("127.0.0.1", port), "request", 8, 32,
        new Limits(0, 20, 500, 5), 0, 0, tls, TOKEN), quiet());
    assertThat(report.errorTotal()).isZero();
    assertThat(report.count()).isGreaterThanOrEqualTo(500);
    // register, ping, then a send and its reply's send per round trip, each checked by the handler
    assertThat(framesWithToken.get()).isGreaterThanOrEqualTo(2 + 2 * 500);
  }

  @Test
  void busThroughATlsBridgeWithoutTheTokenIsRefused() throws Exception {
    int port = tokenBridge(new AtomicLong());
    ClientTls tls = new ClientTls(ca.toString(), null, null);
    assertThatThrownBy(() -> BusBench.run(new BusBench.Options(new Target("127.0.0.1", port), "request", 8, 32,
        new Limits(0, 2, 100, 5), 0, 0, tls, "wrong"), quiet()))
        .isInstanceOf(BenchException.class);
  }

  @Test
  void fileGetOverTlsSendsTheToken() throws Exception {
    Buffer content = Buffer.buffer(new byte[200_000]);
    int port = listen(vertx.createNetServer(tls(serverIdentity)).connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> {
          JsonObject request = new JsonObject(line);
          if (!TOKEN.equals(request.getString("token"))) {
            s.end(Buffer.buffer("{\"ok\":false,\"error\":\"unauthorized\",\"message\":\"no token\"}\n"));
            return;
          }
          s.write(new JsonObject().put("ok", true).put("size", content.length()).put("offset", 0).encode() + "\n");
          s.write(content);
          s.end(Buffer.buffer("{\"sha256\":\"00\"}\n"));
        })));
    ClientTls tls = new ClientTls(ca.toString(), null, null);
    Target target = new Target("127.0.0.1", port);
    BenchReport got = FileBench.run(new FileBench.Options(target, "get", "a.bin", 0, content.length(),
        new Limits(0, 20, 2, 5), tls, TOKEN), quiet());
    assertThat(got.errorTotal()).isZero();
    assertThat(got.toJson().getLong("bytes")).isEqualTo(400_000);
    BenchReport refused = FileBench.run(new FileBench.Options(target, "get", "a.bin", 0, -1,
        new Limits(0, 20, 1, 5), tls, null), quiet());
    assertThat(refused.toJson().getString("firstFailure")).contains("unauthorized");
  }

  @Test
  void handshakeStormCompletesEveryScheduledHandshake() throws Exception {
    // a slow rate and a long drain: on a loaded machine a handshake can take tens of milliseconds
    BenchReport report = HandshakeBench.run(new HandshakeBench.Options(new Target("127.0.0.1", tlsEcho), 20, 100,
        new Limits(0.2, 1, 0, 30), new ClientTls(ca.toString(), null, null), 2), quiet());
    // none of the ~20 connections scheduled in the measured second failed or is left without its handshake
    assertThat(report.errorTotal()).isZero();
    assertThat(report.toJson().getJsonObject("latencyMicros").getLong("samples")).isBetween(18L, 22L);
    assertThat(report.requestedRate()).isEqualTo(20.0);
  }

  @Test
  void handshakeStormAgainstAServerThatDoesNotVerifyFailsAtOnce() {
    assertThatThrownBy(() -> HandshakeBench.run(new HandshakeBench.Options(new Target("127.0.0.1", tlsEcho), 50, 100,
        new Limits(0, 0.5, 0, 5), new ClientTls(otherCa.toString(), null, null), 2), quiet()))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("cannot connect");
  }
}
