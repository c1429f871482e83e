package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.bridge.BridgeVerticle;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.netbus.security.Tokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code send} with {@code --tls --ca --token} against a TLS bridge with an auth section. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class BusCommandsTlsTest {

  static final String TOKEN = Tokens.generate();
  @TempDir
  static Path dir;
  private String bridge;

  @BeforeAll
  static void certs() throws Exception {
    Certs.Validity valid = Certs.Validity.from(Duration.ofDays(1));
    Certs.Issued ca = Certs.ca(Certs.newCaName(), valid);
    write("ca", ca);
    write("node", Certs.node(ca, "node", List.of("127.0.0.1"), valid));
    write("other-ca", Certs.ca(Certs.newCaName(), valid));
  }

  static void write(String name, Certs.Issued issued) throws Exception {
    Files.writeString(dir.resolve(name + ".crt"), issued.certificatePem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
  }

  static String file(String name) {
    return dir.resolve(name).toString();
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    NodeSecurity node = NodeSecurity.from(new JsonObject()
        .put("tls", new JsonObject().put("cert", file("node.crt")).put("key", file("node.key")).put("ca", file("ca.crt")))
        .put("auth", new JsonObject().put("clients", new JsonArray()
            .add(new JsonObject().put("name", "py").put("tokenSha256", Tokens.sha256Hex(TOKEN))))));
    BridgeVerticle verticle = new BridgeVerticle(node);
    JsonObject config = new JsonObject().put("port", 0).put("tls", true).put("clientAuth", "none");
    vertx.eventBus().<JsonObject>consumer("netbus.test.upper", m -> m.reply(new JsonObject()
            .put("text", m.body().getString("text").toUpperCase()).put("token", m.headers().get("token"))))
        .completion()
        .compose(v -> vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)))
        .onComplete(ctx.succeeding(id -> {
          bridge = "127.0.0.1:" + verticle.actualPort();
          ctx.completeNow();
        }));
  }

  @Test
  void sendWithTlsAndToken(Vertx vertx, VertxTestContext ctx) {
    BusCommandsTest.netbus(vertx, "send", "--bridge", bridge, "--ca", file("ca.crt"), "--token", TOKEN,
            "netbus.test.upper", "{\"text\":\"hi\"}")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).as(run.err()).isZero();
          assertThat(run.out().trim()).as("the token never reaches the bus").isEqualTo("{\"text\":\"HI\",\"token\":null}");
          ctx.completeNow();
        })));
  }

  @Test
  void sendWithoutTokenIsDenied(Vertx vertx, VertxTestContext ctx) {
    BusCommandsTest.netbus(vertx, "send", "--bridge", bridge, "--tls", "--ca", file("ca.crt"),
            "netbus.test.upper", "{\"text\":\"hi\"}")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).isEqualTo(1);
          assertThat(run.err()).contains("access_denied");
          ctx.completeNow();
        })));
  }

  @Test
  void aBridgeCertificateThatDoesNotVerifyIsRefused(Vertx vertx, VertxTestContext ctx) {
    BusCommandsTest.netbus(vertx, "send", "--bridge", bridge, "--ca", file("other-ca.crt"), "--token", TOKEN,
            "netbus.test.upper", "{\"text\":\"hi\"}")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).isEqualTo(1);
          assertThat(run.err().lines()).singleElement().asString()
              .startsWith("netbus send: TLS to the bridge at " + bridge + " failed: its certificate does not verify");
          ctx.completeNow();
        })));
  }

  @Test
  void aMissingCaFileIsAUsageError(Vertx vertx, VertxTestContext ctx) {
    BusCommandsTest.netbus(vertx, "send", "--bridge", bridge, "--ca", file("nope.crt"), "netbus.test.upper", "1")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).isEqualTo(2);
          assertThat(run.err()).startsWith("netbus send: --ca: ").contains("does not exist");
          ctx.completeNow();
        })));
  }
}
