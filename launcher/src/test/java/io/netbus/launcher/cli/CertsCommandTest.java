package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.launcher.Main;
import io.netbus.security.ListenerSecurity;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.netbus.security.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code netbus certs} and {@code netbus token}, checked by the openssl CLI and a real TLS handshake. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class CertsCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int netbus(String... args) {
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  private void makeAll() {
    String certs = dir.resolve("certs").toString();
    assertThat(netbus("certs", "ca", "--dir", certs)).as(err.toString()).isZero();
    assertThat(netbus("certs", "node", "node1", "--host", "localhost,127.0.0.1", "--dir", certs)).as(err.toString()).isZero();
    assertThat(netbus("certs", "client", "alice", "--dir", certs)).as(err.toString()).isZero();
  }

  @Test
  void writesTheFilesWithPrivateKeys() throws Exception {
    makeAll();
    Path certs = dir.resolve("certs");
    for (String name : List.of("ca", "node1", "alice")) {
      assertThat(certs.resolve(name + ".crt")).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve(name + ".key"))))
          .isEqualTo("rw-------");
    }
    assertThat(out.toString()).contains("wrote " + certs.resolve("node1.crt") + " (CN=node1, valid until ");
  }

  @Test
  void refusesToOverwriteAndBadInput() {
    makeAll();
    String certs = dir.resolve("certs").toString();
    assertThat(netbus("certs", "ca", "--dir", certs)).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("ca.crt: exists; netbus certs never overwrites");
    assertThat(netbus("certs", "node", "node2", "--dir", certs)).isEqualTo(ExitCodes.USAGE);
    assertThat(netbus("certs", "node", "node2", "--host", "bad host", "--dir", certs)).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--host: 'bad host' is neither an IP address nor a DNS name");
    assertThat(netbus("certs", "client", "x", "--dir", dir.resolve("empty").toString())).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("make the CA first");
  }

  @Test
  void tokenNewPrintsTokenAndItsHash() {
    assertThat(netbus("token", "new")).isZero();
    String[] lines = out.toString().split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("token: [A-Za-z0-9_-]{43}");
    assertThat(lines[1]).isEqualTo("tokenSha256: " + Tokens.sha256Hex(lines[0].substring("token: ".length())));
  }

  @Test
  void opensslVerifiesThem() throws Exception {
    assumeOpenssl();
    makeAll();
    Path certs = dir.resolve("certs");
    assertThat(openssl(certs, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "node1.crt")).contains("node1.crt: OK");
    assertThat(openssl(certs, "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "alice.crt")).contains("alice.crt: OK");
  }

  /** openssl s_client with the client certificate against a Vert.x server built from the node's files. */
  @Test
  void theyCarryARealMutualTlsHandshake(Vertx vertx, VertxTestContext testContext) throws Exception {
    assumeOpenssl();
    makeAll();
    Path certs = dir.resolve("certs");
    TlsSection tls = TlsSection.from(new JsonObject().put("cert", "node1.crt").put("key", "node1.key").put("ca", "ca.crt"),
        certs);
    ListenerSecurity required = ListenerSecurity.of(true, "required", null, null, null, false);
    vertx.createNetServer(TlsOptionsFactory.server(tls, required))
        .connectHandler(this::greetByCn)
        .listen(0, "127.0.0.1")
        .compose(server -> vertx.executeBlocking(() -> openssl(certs, "s_client", "-connect",
            "127.0.0.1:" + server.actualPort(), "-CAfile", "ca.crt", "-cert", "alice.crt", "-key", "alice.key",
            "-verify_return_error", "-verify_hostname", "localhost", "-ign_eof")))
        .onComplete(testContext.succeeding(output -> testContext.verify(() -> {
          assertThat(output).contains("Verify return code: 0 (ok)").contains("hello CN=alice");
          testContext.completeNow();
        })));
  }

  private void greetByCn(NetSocket socket) {
    try {
      X509Certificate peer = (X509Certificate) socket.peerCertificates().get(0);
      socket.end(Buffer.buffer("hello " + peer.getSubjectX500Principal().getName() + "\n"));
    } catch (Exception e) {
      socket.close();
    }
  }

  private static void assumeOpenssl() {
    boolean present;
    try {
      present = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    assumeTrue(present, "openssl is not installed");
  }

  private static String openssl(Path workDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("openssl did not finish");
    }
    return output;
  }
}
