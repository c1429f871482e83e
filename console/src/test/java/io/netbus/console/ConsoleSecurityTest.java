package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.contract.stats.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console with the node's {@code tls} and {@code auth} sections, against a real node: HTTPS
 * with certificates made by {@code netbus certs}' code, checked with curl ({@code --cacert},
 * {@code --cert}, {@code --key}); Bearer tokens accepted, missing or wrong (401 with
 * {@code WWW-Authenticate: Bearer}); a client certificate whose CN names a client; the live tail
 * authenticated in its frames and held to the client's and the bridge's rules.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ConsoleSecurityTest {

  private final Held held = new Held();

  private static final long CURL_SECONDS = 20;

  @TempDir
  static Path certDir;
  private static ConsoleCerts certs;

  private ConsoleNode node;

  @BeforeAll
  static void makeCerts() throws Exception {
    certs = ConsoleCerts.make(certDir);
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    (node == null ? Future.succeededFuture() : node.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<ConsoleNode> start(boolean tls, boolean auth, ConsoleContext context, JsonObject section) {
    node = ConsoleNode.create(certs.node(tls, auth), context);
    NodeStats.of(node.vertx).retain("tcp", "echo").address("127.0.0.1:7001").opened();
    return node.deploy(section);
  }

  /** curl against the node over HTTPS; prints the headers, the body, then the status code on the last line. */
  private Future<Tools.Result> curl(Vertx vertx, String path, String... options) {
    Path curl = Tools.find("curl");
    assumeTrue(curl != null, "curl not installed");
    List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sS", "-i", "--max-time", "10",
        "--cacert", certs.file("ca.crt"), "-w", "\n%{http_code}"));
    cmd.addAll(List.of(options));
    cmd.add("https://127.0.0.1:" + node.port() + path);
    return vertx.executeBlocking(() -> Tools.run(cmd, null, CURL_SECONDS));
  }

  private static String status(Tools.Result r) {
    String out = r.out().strip();
    return out.substring(out.lastIndexOf('\n') + 1);
  }

  @Test
  void overHttpsAClientCertificateWhoseCnNamesAClientIsEnough(Vertx vertx, VertxTestContext ctx) {
    start(true, true, ConsoleContext.NONE, new JsonObject().put("tls", true))
        .compose(n -> curl(vertx, "/metrics", "--cert", certs.file("alice.crt"), "--key", certs.file("alice.key")))
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(status(r)).as(r.out()).isEqualTo("200");
          assertThat(r.out()).contains("netbus_listener_connections{kind=\"tcp\",listener=\"echo\"} 1.0");
        }))
        // bob's certificate is signed by the CA but names no auth client
        .compose(r -> curl(vertx, "/api/status", "--cert", certs.file("bob.crt"), "--key", certs.file("bob.key")))
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(status(r)).as(r.out()).isEqualTo("401");
          assertThat(r.out()).containsIgnoringCase("www-authenticate: Bearer");
        }))
        // clientAuth defaults to required: no certificate, no handshake
        .compose(r -> curl(vertx, "/metrics", "-H", "Authorization: Bearer " + ConsoleCerts.ALICE_TOKEN))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.exit()).as("curl without a client certificate: " + r.out()).isNotZero();
          assertThat(r.out()).doesNotContain("netbus_listener");
          ctx.completeNow();
        })));
  }

  @Test
  void overHttpsBearerTokensAreCheckedAndRefusalsSay401Bearer(Vertx vertx, VertxTestContext ctx) {
    start(true, true, ConsoleContext.NONE, new JsonObject().put("tls", true).put("clientAuth", "none"))
        .compose(n -> curl(vertx, "/metrics", "-H", "Authorization: Bearer " + ConsoleCerts.ALICE_TOKEN))
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(status(r)).as(r.out()).isEqualTo("200");
          assertThat(r.out()).contains("netbus_listener_connections{kind=\"tcp\",listener=\"echo\"} 1.0");
        }))
        .compose(r -> curl(vertx, "/metrics"))
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(status(r)).as(r.out()).isEqualTo("401");
          assertThat(r.out()).containsIgnoringCase("www-authenticate: Bearer realm=\"netbus\"")
              .doesNotContain("netbus_listener");
        }))
        .compose(r -> curl(vertx, "/api/status", "-H", "Authorization: Bearer " + ConsoleCerts.ALICE_TOKEN + "x"))
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(status(r)).as(r.out()).isEqualTo("401");
          assertThat(r.out()).containsIgnoringCase("error=\"invalid_token\"").contains("unauthorized")
              .doesNotContain(ConsoleCerts.ALICE_TOKEN);
        }))
        // the page's files come over TLS too (written in chunks, not as file regions)
        .compose(r -> curl(vertx, "/console.js"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(status(r)).as(r.out()).isEqualTo("200");
          assertThat(r.out()).contains("sessionStorage");
          ctx.completeNow();
        })));
  }

  @Test
  void aDeniedPeerIsClosedBeforeTheTlsHandshake(Vertx vertx, VertxTestContext ctx) {
    JsonObject section = new JsonObject().put("tls", true).put("clientAuth", "none")
        .put("deny", new JsonArray().add("127.0.0.0/8"));
    start(true, true, ConsoleContext.NONE, section)
        .compose(n -> vertx.createNetClient(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
            .setTrustOptions(new PemTrustOptions().addCertPath(certs.file("ca.crt")))).connect(n.port(), "127.0.0.1"))
        .onComplete(ar -> ctx.verify(() -> {
          // after a handshake the connection would succeed and then close; here there is none
          assertThat(ar.failed()).as("TLS connection of a denied peer").isTrue();
          ctx.completeNow();
        }));
  }

  @Test
  void withAnAuthSectionEveryDataRouteNeedsATokenButThePageDoesNot(Vertx vertx, VertxTestContext ctx) {
    WebClient client = held.keep(WebClient.create(vertx));
    start(false, true, ConsoleContext.NONE, new JsonObject())
        .compose(n -> Future.all(List.of(
            get(client, "/api/status", null), get(client, "/api/nodes", "wrong"), get(client, "/metrics", null),
            get(client, "/api/nodes", ConsoleCerts.CAROL_TOKEN), get(client, "/", null),
            get(client, "/health", null), get(client, "/health", ConsoleCerts.ALICE_TOKEN))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          List<HttpResponse<Buffer>> r = all.list();
          assertThat(r.get(0).statusCode()).isEqualTo(401);
          assertThat(r.get(0).getHeader("WWW-Authenticate")).startsWith("Bearer");
          assertThat(r.get(0).bodyAsJsonObject().getString("error")).startsWith("unauthorized: send Authorization: Bearer");
          assertThat(r.get(1).statusCode()).isEqualTo(401);
          assertThat(r.get(2).statusCode()).isEqualTo(401);
          assertThat(r.get(3).statusCode()).isEqualTo(200);
          assertThat(r.get(3).bodyAsJsonObject().getJsonArray("nodes")).hasSize(1);
          assertThat(r.get(4).statusCode()).as("the page itself carries no data").isEqualTo(200);
          // on loopback /health answers everyone, but only the token holder sees the details
          assertThat(r.get(5).statusCode()).isEqualTo(200);
          assertThat(r.get(5).bodyAsString()).contains("\"UP\"").doesNotContain("\"data\"").doesNotContain("minFreeMb");
          assertThat(r.get(6).statusCode()).isEqualTo(200);
          assertThat(r.get(6).bodyAsString()).contains("minFreeMb");
          ctx.completeNow();
        })));
  }

  private Future<HttpResponse<Buffer>> get(WebClient client, String path, String token) {
    var request = client.get(node.port(), "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send();
  }

  @Test
  void theTailNamesItsClientInTheFramesAndKeepsToItsRules(Vertx vertx, VertxTestContext ctx) {
    start(false, true, ConsoleContext.NONE, new JsonObject())
        .compose(n -> held.keep(vertx.createWebSocketClient()).connect(n.port(), "127.0.0.1", "/eventbus/websocket"))
        .onComplete(ctx.succeeding(socket -> {
          List<JsonObject> errors = new ArrayList<>();
          socket.handler(data -> {
            JsonObject frame = data.toJsonObject();
            if ("err".equals(frame.getString("type"))) {
              errors.add(frame);
              if (errors.size() == 3) { // every refusal arrived, and alice's registration went before them
                node.vertx.eventBus().publish("netbus.tcp.echo.in", new JsonObject().put("text", "hi"));
              }
            } else if ("rec".equals(frame.getString("type"))) {
              ctx.verify(() -> {
                assertThat(errors).extracting(e -> e.getString("body")).containsOnly("rejected");
                assertThat(frame.getString("address")).isEqualTo("netbus.tcp.echo.in");
                assertThat(frame.getJsonObject("body").getString("text")).isEqualTo("hi");
                ctx.completeNow();
              });
            }
          });
          register(socket, "netbus.tcp.echo.in", ConsoleCerts.ALICE_TOKEN);
          register(socket, "netbus.tcp.echo.in", null);
          register(socket, "netbus.tcp.echo.in", "not-a-token");
          register(socket, "netbus.tcp.echo.in", ConsoleCerts.CAROL_TOKEN); // her own rules: netbus.udp.* only
        }));
  }

  @Test
  void theTailNeverShowsWhatTheBridgeWouldNot(Vertx vertx, VertxTestContext ctx) {
    ConsoleContext bridgeUdpOnly = new ConsoleContext(null, List.of("netbus\\.udp\\..+"));
    start(false, false, bridgeUdpOnly, new JsonObject())
        .compose(n -> held.keep(vertx.createWebSocketClient()).connect(n.port(), "127.0.0.1", "/eventbus/websocket"))
        .onComplete(ctx.succeeding(socket -> {
          socket.handler(data -> ctx.verify(() -> {
            JsonObject frame = data.toJsonObject();
            assertThat(frame.getString("type")).isEqualTo("err");
            assertThat(frame.getString("body")).isEqualTo("rejected");
            ctx.completeNow();
          }));
          register(socket, "netbus.tcp.echo.in", null);
        }));
  }

  @Test
  void healthWatchesTheFileRootByDefault(Vertx vertx, VertxTestContext ctx) {
    ConsoleContext files = new ConsoleContext(certDir.toString(), null);
    start(false, false, files, new JsonObject())
        .compose(n -> held.keep(WebClient.create(vertx)).get(n.port(), "127.0.0.1", "/health").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonArray checks = r.bodyAsJsonObject().getJsonArray("checks");
          JsonObject disk = checks.stream().map(JsonObject.class::cast).filter(c -> "disk".equals(c.getString("id")))
              .findFirst().orElseThrow();
          assertThat(disk.getJsonObject("data").getJsonArray("disks").getJsonObject(0).getString("path"))
              .isEqualTo(certDir.toString());
          ctx.completeNow();
        })));
  }

  private static void register(WebSocket socket, String address, String token) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (token != null) {
      frame.put("headers", new JsonObject().put("token", token));
    }
    socket.writeTextMessage(frame.encode());
  }
}
