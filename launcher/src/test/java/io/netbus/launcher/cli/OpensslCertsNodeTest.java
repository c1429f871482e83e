package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.launcher.TestPorts;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.node.Modules;
import io.netbus.launcher.node.Node;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node whose CA, certificate and client certificate were made by the openssl CLI (not by
 * {@code netbus certs}), EC P-256 and RSA 2048: its TLS bridge serves {@code netbus send} with the
 * client certificate (whose CN names an {@code auth} client), and its TLS TCP listener serves
 * {@code openssl s_client} with the same certificate. The node's key is in openssl's traditional
 * layout (SEC1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}); the client's is PKCS#8.
 * Skipped only when openssl is not installed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class OpensslCertsNodeTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"ec", "rsa"})
  void aNodeWithOpensslCertificatesServesTheBridgeAndATlsListener(String type, VertxTestContext ctx) throws Exception {
    assumeTrue(opensslPresent(), "openssl is not installed");
    makeCertificates(type);
    int bridgePort = TestPorts.freePort();
    int tcpPort = TestPorts.freePort();
    NodeConfig config = NodeConfig.validate(new JsonObject()
        .put("tls", new JsonObject().put("cert", file("node.crt")).put("key", file("node.key")).put("ca", file("ca.crt")))
        .put("auth", new JsonObject().put("clients", new JsonArray().add(new JsonObject().put("name", "alice").put("cn", "alice"))))
        .put("bridge", new JsonObject().put("host", "127.0.0.1").put("port", bridgePort).put("tls", true)
            .put("clientAuth", "required").put("inbound", new JsonArray().add("netbus\\..+")))
        .put("tcp", new JsonObject().put("listeners", new JsonArray().add(new JsonObject().put("name", "upper")
            .put("host", "127.0.0.1").put("port", tcpPort).put("service", "upper").put("tls", true)
            .put("clientAuth", "required")))), Modules.all());
    Vertx nodeVertx = Vertx.vertx();
    nodeVertx.eventBus().<JsonObject>consumer("netbus.test.upper",
        m -> m.reply(new JsonObject().put("text", m.body().getString("text").toUpperCase())));
    Node.start(Future.succeededFuture(nodeVertx), config, Modules.all(), false)
        .compose(node -> BusCommandsTest.netbus(nodeVertx, "send", "--bridge", "127.0.0.1:" + bridgePort,
                "--ca", file("ca.crt"), "--cert", file("alice.crt"), "--key", file("alice.key"),
                "netbus.test.upper", "{\"text\":\"over tls\"}")
            .compose(run -> {
              ctx.verify(() -> {
                assertThat(run.status()).as(run.err()).isZero();
                assertThat(run.out().trim()).isEqualTo("{\"text\":\"OVER TLS\"}");
              });
              return nodeVertx.executeBlocking(() -> sClientUpper(tcpPort));
            })
            .compose(output -> {
              ctx.verify(() -> assertThat(output).as("openssl s_client output")
                  .contains("Verification: OK").contains("HELLO FROM OPENSSL"));
              return node.stop();
            }))
        .eventually(nodeVertx::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  /** A CA, a node certificate (SAN localhost, 127.0.0.1) and a client certificate (CN alice), all by openssl. */
  private void makeCertificates(String type) throws Exception {
    List<String> newKey = type.equals("ec")
        ? List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256")
        : List.of("-newkey", "rsa:2048");
    String keyUsage = type.equals("ec") ? "digitalSignature" : "digitalSignature,keyEncipherment";
    openssl(concat(List.of("req", "-x509"), newKey, List.of("-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-subj", "/CN=netbus openssl test CA", "-days", "2",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")));
    Files.writeString(dir.resolve("node.ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical," + keyUsage
        + "\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n");
    Files.writeString(dir.resolve("client.ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical," + keyUsage
        + "\nextendedKeyUsage=clientAuth\n");
    for (String[] leaf : new String[][] {{"node", "/CN=node1"}, {"alice", "/CN=alice"}}) {
      String name = leaf[0];
      openssl(concat(List.of("req"), newKey, List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr",
          "-subj", leaf[1])));
      openssl(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", name + ".crt", "-days", "2", "-extfile", (name.equals("node") ? "node" : "client") + ".ext"));
    }
    // the node's key in the traditional layout openssl's own tools write (SEC1 / PKCS#1)
    openssl(type.equals("ec") ? List.of("ec", "-in", "node.key", "-out", "node.key")
        : List.of("rsa", "-in", "node.key", "-traditional", "-out", "node.key"));
    assertThat(Files.readString(dir.resolve("node.key")))
        .startsWith(type.equals("ec") ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----");
  }

  /**
   * Sends a line through the TLS listener's upper service with {@code openssl s_client} (client
   * certificate, the node's name verified) and returns what s_client printed up to the answer.
   * Bounded: the process is killed after 30 s at the latest, which ends the read.
   */
  private String sClientUpper(int port) throws Exception {
    Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-brief",
        "-CAfile", "ca.crt", "-cert", "alice.crt", "-key", "alice.key", "-verify_return_error",
        "-verify_hostname", "localhost")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS).execute(p::destroyForcibly);
    StringBuilder seen = new StringBuilder();
    try (OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      in.write("hello from openssl\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        seen.append(line).append('\n');
        if (line.equals("HELLO FROM OPENSSL")) {
          break;
        }
      }
    } finally {
      p.destroyForcibly();
    }
    return seen.toString();
  }

  private void openssl(List<String> args) throws Exception {
    Process p = new ProcessBuilder(concat(List.of("openssl"), args)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("openssl " + args + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IOException("openssl " + args + " failed: " + output);
    }
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  private static boolean opensslPresent() {
    try {
      return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
