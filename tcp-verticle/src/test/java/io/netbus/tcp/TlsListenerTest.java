package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsSection;
import io.netbus.tcp.api.TcpAddresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP listeners with {@code "tls": true}, {@code clientAuth}, {@code allow}/{@code deny}, and
 * {@code netbus.tcp.request} with {@code tls} and {@code tcp.targets}: real TLS over loopback
 * with certificates made by what {@code netbus certs} runs, against the clients a user would
 * use (openssl s_client, ncat, socat, a seed's Python client wrapped in {@code ssl}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class TlsListenerTest {

  @TempDir
  Path dir;

  Map<String, Integer> ports;
  NodeSecurity node;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Certs.Validity validity = Certs.Validity.from(Duration.ofDays(1));
    CertFiles.writeCa(dir, validity);
    CertFiles.writeNode(dir, "node1", List.of("localhost", "127.0.0.1"), validity);
    CertFiles.writeClient(dir, "alice", validity);
    TlsSection tls = TlsSection.from(new JsonObject().put("cert", "node1.crt").put("key", "node1.key").put("ca", "ca.crt"), dir);
    node = new NodeSecurity(Optional.of(tls), Optional.empty());
    // an idle timeout closes the TLS connections of clients that wait for the server to hang up
    JsonObject section = section(1,
        listener("upper", "upper", "raw").put("tls", true).put("idleTimeoutSeconds", 3),
        listener("mutual", "upper", "raw").put("tls", true).put("clientAuth", "required").put("idleTimeoutSeconds", 3),
        listener("denied", "upper", "raw").put("deny", new JsonArray().add("127.0.0.0/8")),
        listener("allowed", "upper", "raw").put("allow", new JsonArray().add("127.0.0.1")).put("deny", new JsonArray().add("10.0.0.0/8")),
        listener("plain", "upper", "raw"));
    section.put("targets", new JsonArray().add("127.0.0.1").add("localhost"));
    TcpVerticle root = new TcpVerticle(node);
    await(vertx.deployVerticle(root, new DeploymentOptions().setConfig(section)));
    ports = root.actualPorts();
  }

  @Test
  void opensslClientGetsUpperOverVerifiedTls() throws Exception {
    Tools.assumeInstalled("openssl", "version");
    Tools.Result r = Tools.run(dir, "hello tls\n", "openssl", "s_client", "-connect", "127.0.0.1:" + ports.get("upper"),
        "-CAfile", "ca.crt", "-verify_return_error", "-verify_ip", "127.0.0.1", "-ign_eof");
    assertThat(r.output()).contains("Verify return code: 0 (ok)").contains("HELLO TLS");
  }

  @Test
  void ncatSslClientGetsUpper() throws Exception {
    Tools.assumeInstalled("ncat", "--version");
    Tools.Result r = Tools.run(dir, "hello ncat\n", "ncat", "--ssl", "--ssl-verify", "--ssl-trustfile", "ca.crt",
        "localhost", String.valueOf(ports.get("upper")));
    assertThat(r.output()).contains("HELLO NCAT");
  }

  @Test
  void socatOpensslClientGetsUpper() throws Exception {
    Tools.assumeInstalled("socat", "-V");
    Tools.Result r = Tools.run(dir, "hello socat\n", "socat", "-t", "5", "-",
        "OPENSSL:localhost:" + ports.get("upper") + ",cafile=ca.crt,verify=1");
    assertThat(r.output()).contains("HELLO SOCAT");
  }

  @Test
  void seedPythonClientRunsUnchangedOverTls() throws Exception {
    Tools.assumeInstalled("python3", "--version");
    for (String name : List.of("seed001_client.py", "tls_run.py")) {
      try (InputStream in = getClass().getResourceAsStream("/seeds/" + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
    Tools.Result r = Tools.run(dir, "", "python3", "tls_run.py", "ca.crt", "--", "seed001_client.py", "127.0.0.1",
        String.valueOf(ports.get("upper")));
    assertThat(r.output()).isEqualTo("Received b'HELLO HUANGPINGYI'\n");
  }

  @Test
  void requiredClientAuthServesACertifiedClientOnly() throws Exception {
    Tools.assumeInstalled("openssl", "version");
    int port = ports.get("mutual");
    Tools.Result alice = Tools.run(dir, "from alice\n", "openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", "ca.crt", "-cert", "alice.crt", "-key", "alice.key", "-verify_return_error", "-ign_eof");
    assertThat(alice.output()).contains("FROM ALICE");
    Tools.Result anonymous = Tools.run(dir, "from nobody\n", "openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", "ca.crt", "-ign_eof");
    assertThat(anonymous.output()).doesNotContain("FROM NOBODY");
  }

  @Test
  void deniedPeerIsClosedBeforeAnyByte() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", ports.get("denied")), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("hello\n".getBytes());
      assertThat(s.getInputStream().read()).as("first byte from a denied peer's connection").isEqualTo(-1);
    } catch (java.net.SocketException reset) {
      // a reset is as good as a close: nothing was served
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", ports.get("allowed")), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("hello\n".getBytes());
      assertThat(new String(s.getInputStream().readNBytes(6))).isEqualTo("HELLO\n");
    }
  }

  @Test
  void requestSpeaksVerifiedTlsToTheTarget(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().<JsonObject>request(TcpAddresses.REQUEST, new JsonObject().put("host", "localhost")
            .put("port", ports.get("upper")).put("text", "over tls\n").put("tls", true))
        .compose(reply -> {
          testContext.verify(() -> assertThat(reply.body().getString("text")).isEqualTo("OVER TLS\n"));
          // the same server without tls: the request sees no reply in plaintext
          return vertx.eventBus().<JsonObject>request(TcpAddresses.REQUEST, new JsonObject().put("host", "127.0.0.1")
              .put("port", ports.get("plain")).put("text", "x\n").put("tls", true).put("timeoutMs", 2000));
        })
        .onComplete(testContext.failing(err -> testContext.verify(() -> {
          assertThat(err).isInstanceOf(ReplyException.class);
          testContext.completeNow();
        })));
  }

  @Test
  void targetsRefuseOtherHostsWith403NamingThem(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().request(TcpAddresses.REQUEST, new JsonObject().put("host", "127.0.0.2").put("port", 80).put("text", "x"))
        .onComplete(testContext.failing(err -> testContext.verify(() -> {
          ReplyException e = (ReplyException) err;
          assertThat(e.failureCode()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo("127.0.0.2:80 is not among tcp.targets");
        })))
        .recover(e -> vertx.eventBus().request(TcpAddresses.SCAN, new JsonObject().put("host", "example.org").put("ports", "22,80")))
        .onComplete(testContext.failing(err -> testContext.verify(() -> {
          assertThat(((ReplyException) err).failureCode()).isEqualTo(403);
          assertThat(err.getMessage()).isEqualTo("example.org:22 is not among tcp.targets");
          testContext.completeNow();
        })));
  }

  @Test
  void targetsLetListedHostsThrough(Vertx vertx, VertxTestContext testContext) {
    vertx.eventBus().<JsonObject>request(TcpAddresses.SCAN, new JsonObject().put("host", "127.0.0.1")
            .put("ports", String.valueOf(ports.get("plain"))))
        .onComplete(testContext.succeeding(reply -> testContext.verify(() -> {
          assertThat(reply.body().getJsonArray("open")).containsExactly(ports.get("plain"));
          testContext.completeNow();
        })));
  }

}
