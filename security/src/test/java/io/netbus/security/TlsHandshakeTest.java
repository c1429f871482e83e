package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS over loopback: a Vert.x NetServer built by {@link TlsOptionsFactory} from certificates
 * {@link CertFiles} wrote (what {@code netbus certs} writes), with client certificates required,
 * against openssl s_client and a Vert.x client built by the same factory.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TlsHandshakeTest {

  @TempDir
  Path dir;

  NetServer server;
  NetClient client;
  int port;
  final AtomicInteger greeted = new AtomicInteger();

  @BeforeEach
  void start(Vertx vertx, VertxTestContext testContext) throws Exception {
    Certs.Validity validity = TestCerts.VALID;
    CertFiles.writeCa(dir, validity);
    CertFiles.writeNode(dir, "node1", List.of("localhost", "127.0.0.1"), validity);
    CertFiles.writeClient(dir, "alice", validity);
    TlsSection tls = TlsSection.from(new io.vertx.core.json.JsonObject()
        .put("cert", "node1.crt").put("key", "node1.key").put("ca", "ca.crt"), dir);
    ListenerSecurity required = ListenerSecurity.of(true, null, null, null, null, true);
    assertThat(required.clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    server = vertx.createNetServer(TlsOptionsFactory.server(tls, required)).connectHandler(this::onConnect);
    server.listen(0, "127.0.0.1")
        .onComplete(testContext.succeeding(s -> {
          port = s.actualPort();
          testContext.completeNow();
        }));
  }

  /** Greets the client by its certificate's CN, then closes. */
  private void onConnect(NetSocket socket) {
    greeted.incrementAndGet();
    String cn;
    try {
      cn = ((X509Certificate) socket.peerCertificates().get(0)).getSubjectX500Principal().getName();
    } catch (Exception e) {
      cn = "nobody";
    }
    socket.end(Buffer.buffer("hello " + cn + "\n"));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void opensslClientWithCertificateIsGreetedByItsCn(Vertx vertx, VertxTestContext testContext) {
    vertx.executeBlocking(() -> OpenSsl.run(dir, "", "s_client", "-connect", "127.0.0.1:" + port,
            "-CAfile", "ca.crt", "-cert", "alice.crt", "-key", "alice.key", "-verify_return_error", "-ign_eof",
            "-verify_hostname", "localhost"))
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertThat(r.output()).contains("Verify return code: 0 (ok)").contains("hello CN=alice");
          testContext.completeNow();
        })));
  }

  @Test
  void opensslClientWithoutCertificateIsRefused(Vertx vertx, VertxTestContext testContext) {
    vertx.executeBlocking(() -> OpenSsl.run(dir, "", "s_client", "-connect", "127.0.0.1:" + port,
            "-CAfile", "ca.crt", "-ign_eof"))
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertThat(r.output()).doesNotContain("hello");
          assertThat(greeted).hasValue(0);
          testContext.completeNow();
        })));
  }

  @Test
  void opensslRefusesTls11(Vertx vertx, VertxTestContext testContext) {
    vertx.executeBlocking(() -> OpenSsl.run(dir, "", "s_client", "-connect", "127.0.0.1:" + port,
            "-CAfile", "ca.crt", "-cert", "alice.crt", "-key", "alice.key", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
            "-ign_eof"))
        .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
          assertThat(r.exit()).isNotZero();
          assertThat(r.output()).doesNotContain("hello");
          testContext.completeNow();
        })));
  }

  @Test
  void vertxClientFromTheFactoryVerifiesTheServerAndPresentsItsCertificate(Vertx vertx, VertxTestContext testContext) {
    TlsSection alice = TlsSection.client("ca.crt", "alice.crt", "alice.key", dir);
    client = vertx.createNetClient(TlsOptionsFactory.client(alice));
    Buffer received = Buffer.buffer();
    client.connect(port, "localhost")
        .onComplete(testContext.succeeding(socket -> socket.handler(received::appendBuffer)
            .closeHandler(v -> testContext.verify(() -> {
              assertThat(received.toString()).isEqualTo("hello CN=alice\n");
              testContext.completeNow();
            }))));
  }

  @Test
  void vertxClientTrustingAnotherCaRefusesTheServer(Vertx vertx, VertxTestContext testContext) throws Exception {
    Path other = java.nio.file.Files.createDirectory(dir.resolve("other"));
    CertFiles.writeCa(other, TestCerts.VALID);
    client = vertx.createNetClient(TlsOptionsFactory.client(TlsSection.client("other/ca.crt", null, null, dir)));
    client.connect(port, "localhost")
        .onComplete(testContext.failing(e -> testContext.verify(() -> {
          assertThat(greeted).hasValue(0);
          testContext.completeNow();
        })));
  }

  @Test
  void vertxClientRefusesAServerWhoseCertificateNamesAnotherHost(Vertx vertx, VertxTestContext testContext)
      throws Exception {
    CertFiles.writeNode(dir, "elsewhere", List.of("elsewhere.example"), TestCerts.VALID);
    TlsSection elsewhere = TlsSection.from(new io.vertx.core.json.JsonObject()
        .put("cert", "elsewhere.crt").put("key", "elsewhere.key").put("ca", "ca.crt"), dir);
    client = vertx.createNetClient(TlsOptionsFactory.client(TlsSection.client("ca.crt", "alice.crt", "alice.key", dir)));
    vertx.createNetServer(TlsOptionsFactory.server(elsewhere, ListenerSecurity.of(true, "none", null, null, null, false)))
        .connectHandler(this::onConnect)
        .listen(0, "127.0.0.1")
        .compose(s -> client.connect(s.actualPort(), "127.0.0.1"))
        .onComplete(testContext.failing(e -> testContext.verify(() -> {
          assertThat(greeted).hasValue(0);
          testContext.completeNow();
        })));
  }
}
