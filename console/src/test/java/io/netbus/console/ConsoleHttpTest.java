package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's HTTP side against a real node: metrics, health, JSON API, page, tail bridge. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ConsoleHttpTest {

  private final Held held = new Held();

  private ConsoleNode node;
  private WebClient client;
  private ListenerStats echo;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    node = ConsoleNode.create();
    client = held.keep(WebClient.create(vertx));
    echo = NodeStats.of(node.vertx).retain("tcp", "echo").address("127.0.0.1:7001");
    node.deploy(new JsonObject()).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    node.close().onComplete(ctx.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return client.get(node.port(), "127.0.0.1", path).send();
  }

  @Test
  void metricsShowListenersPerNameAndBusTrafficPerPrefix(VertxTestContext ctx) {
    echo.opened();
    echo.opened();
    echo.closed();
    echo.frameIn(5);
    echo.frameOut(7);
    echo.refused();
    node.vertx.eventBus().consumer("netbus.tcp.echo.in", m -> { });
    node.vertx.eventBus().publish("netbus.tcp.echo.in", "hello");
    get("/metrics").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("content-type")).startsWith("text/plain; version=0.0.4");
      String text = r.bodyAsString();
      assertThat(text.length()).as("scrape size").isLessThan(200 * 1024);
      assertThat(text).contains("netbus_listener_connections{kind=\"tcp\",listener=\"echo\"} 1.0");
      assertThat(text).contains("netbus_listener_accepted_total{kind=\"tcp\",listener=\"echo\"} 2.0");
      assertThat(text).contains("netbus_listener_refused_total{kind=\"tcp\",listener=\"echo\"} 1.0");
      assertThat(text).contains("netbus_listener_received_bytes_total{kind=\"tcp\",listener=\"echo\"} 5.0");
      assertThat(text).contains("netbus_listener_sent_bytes_total{kind=\"tcp\",listener=\"echo\"} 7.0");
      assertThat(text).contains("netbus_listener_messages_received_total{kind=\"tcp\",listener=\"echo\"} 1.0");
      assertThat(text).contains("netbus_cluster_members 0.0");
      assertThat(text).contains("netbus_file_transfers_total{outcome=\"done\"} 0.0");
      assertThat(text).contains("jvm_memory_used_bytes");
      assertThat(text).contains("process_uptime_seconds");
      assertThat(text).containsPattern("vertx_eventbus_published_total\\{address=\"netbus.tcp.echo\",side=\"local\"\\} 1.0");
      // bounded labels: no full addresses, no peer addresses
      assertThat(text).doesNotContain("netbus.tcp.echo.in").doesNotContain("remote=").doesNotContain("local=\"");
      ctx.completeNow();
    })));
  }

  @Test
  void listenersThatGoLeaveTheMetrics(VertxTestContext ctx) {
    ListenerStats gone = NodeStats.of(node.vertx).retain("udp", "gone").address("127.0.0.1:9");
    get("/metrics")
        .onSuccess(r -> ctx.verify(() -> assertThat(r.bodyAsString()).contains("listener=\"gone\"")))
        .compose(r -> {
          NodeStats.of(node.vertx).release(gone);
          return get("/metrics");
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.bodyAsString()).doesNotContain("listener=\"gone\"").contains("listener=\"echo\"");
          ctx.completeNow();
        })));
  }

  @Test
  void healthIsUpWhenEveryListenerIsBoundAndNamesTheOneThatIsNot(VertxTestContext ctx) {
    get("/health")
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          JsonObject body = r.bodyAsJsonObject();
          assertThat(body.getString("status")).isEqualTo("UP");
          assertThat(body.getJsonArray("checks").encode()).contains("\"id\":\"listeners\"").contains("\"id\":\"disk\"");
        }))
        .compose(r -> {
          NodeStats.of(node.vertx).retain("tcp", "pending"); // registered, not (yet) bound
          return get("/health");
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
          assertThat(r.bodyAsString()).contains("tcp/pending");
          ctx.completeNow();
        })));
  }

  @Test
  void healthIsDownWhenADiskHasNoRoom(Vertx vertx, VertxTestContext ctx) {
    ConsoleNode full = ConsoleNode.create();
    full.deploy(new JsonObject().put("disk", new JsonArray().add(".")).put("minFreeMb", Integer.MAX_VALUE))
        .compose(n -> held.keep(WebClient.create(vertx)).get(n.port(), "127.0.0.1", "/health").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(r.bodyAsString()).contains("\"id\":\"disk\"").contains("freeMb");
          full.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void statusAndNodesComeFromTheNodesOwnCounters(VertxTestContext ctx) {
    echo.opened();
    get("/api/status")
        .onSuccess(r -> ctx.verify(() -> {
          JsonObject body = r.bodyAsJsonObject();
          assertThat(body.getJsonObject("node").getString("name")).isEqualTo("local");
          JsonObject listener = body.getJsonArray("listeners").getJsonObject(0);
          assertThat(listener.getString("name")).isEqualTo("echo");
          assertThat(listener.getLong("connections")).isEqualTo(1);
          assertThat(body.getJsonArray("transfers")).isEmpty();
        }))
        .compose(r -> get("/api/nodes"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject only = r.bodyAsJsonObject().getJsonArray("nodes").getJsonObject(0);
          assertThat(only.getString("name")).isEqualTo("local");
          assertThat(only.getLong("connections")).isEqualTo(1);
          assertThat(only.getInteger("listeners")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void theStatusOfANodeThatDoesNotAnswerIsA502(VertxTestContext ctx) {
    get("/api/status?node=elsewhere").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.bodyAsJsonObject().getString("error")).startsWith("node elsewhere did not answer");
      ctx.completeNow();
    })));
  }

  @Test
  void thePageAndItsAssetsComeFromTheJar(VertxTestContext ctx) {
    get("/")
        .onSuccess(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsString()).contains("vendor/uPlot.iife.min.js").doesNotContain("https://");
        }))
        .compose(r -> get("/vendor/uPlot.iife.min.js"))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsString()).startsWith("/*! https://github.com/leeoniya/uPlot");
          ctx.completeNow();
        })));
  }

  @Test
  void theTailReceivesPermittedAddressesAndIsRefusedOthers(Vertx vertx, VertxTestContext ctx) {
    WebSocketClient ws = held.keep(vertx.createWebSocketClient());
    ws.connect(node.port(), "127.0.0.1", "/eventbus/websocket").onComplete(ctx.succeeding(socket -> {
      JsonArray frames = new JsonArray();
      socket.handler(data -> { // the bridge writes binary frames of JSON text
        JsonObject frame = data.toJsonObject();
        frames.add(frame);
        if ("err".equals(frame.getString("type"))) {
          // the refusal came after the permitted registration: now publish to the permitted one
          node.vertx.eventBus().publish("netbus.tcp.echo.in", new JsonObject().put("text", "hi"));
        } else if ("rec".equals(frame.getString("type"))) {
          ctx.verify(() -> {
            assertThat(frame.getString("address")).isEqualTo("netbus.tcp.echo.in");
            assertThat(frame.getJsonObject("body").getString("text")).isEqualTo("hi");
            assertThat(frames.getJsonObject(0).getString("body")).isEqualTo("access_denied");
            ctx.completeNow();
          });
        }
      });
      send(socket, new JsonObject().put("type", "register").put("address", "netbus.tcp.echo.in"));
      send(socket, new JsonObject().put("type", "register").put("address", "netbus.tcp.request"));
    }));
  }

  @Test
  void otherSitesCannotReachTheConsoleThroughABrowser(Vertx vertx, VertxTestContext ctx) {
    // DNS rebinding: a foreign name that resolves to 127.0.0.1
    client.get(node.port(), "127.0.0.1", "/api/status").putHeader("Host", "evil.example:" + node.port()).send()
        .onSuccess(r -> ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(403)))
        // a page elsewhere opening the tail's WebSocket
        .compose(r -> held.keep(vertx.createWebSocketClient()).connect(new io.vertx.core.http.WebSocketConnectOptions()
            .setPort(node.port()).setHost("127.0.0.1").setURI("/eventbus/websocket")
            .addHeader("Origin", "http://evil.example")).transform(ar -> {
              ctx.verify(() -> assertThat(ar.failed()).as("cross-site WebSocket refused").isTrue());
              return client.get(node.port(), "127.0.0.1", "/api/status")
                  .putHeader("Origin", "http://127.0.0.1:" + node.port()).send();
            }))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).as("the console's own origin").isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void adminAddressesAreNeverTailedWhateverTheRules(Vertx vertx, VertxTestContext ctx) {
    ConsoleNode open = ConsoleNode.create();
    open.deploy(new JsonObject().put("tail", new JsonArray().add(".*")))
        .compose(n -> held.keep(vertx.createWebSocketClient()).connect(n.port(), "127.0.0.1", "/eventbus/websocket"))
        .onComplete(ctx.succeeding(socket -> {
          socket.handler(data -> ctx.verify(() -> {
            JsonObject frame = data.toJsonObject();
            assertThat(frame.getString("type")).isEqualTo("err");
            assertThat(frame.getString("body")).isEqualTo("rejected");
            open.close().onComplete(ctx.succeedingThenComplete());
          }));
          send(socket, new JsonObject().put("type", "register").put("address", "netbus.admin.local.deploy"));
        }));
  }

  @Test
  void deniedPeersAreClosedBeforeAnyRequest(Vertx vertx, VertxTestContext ctx) {
    ConsoleNode denied = ConsoleNode.create();
    denied.deploy(new JsonObject().put("deny", new JsonArray().add("127.0.0.0/8")))
        .compose(n -> held.keep(WebClient.create(vertx)).get(n.port(), "127.0.0.1", "/metrics").send())
        .onComplete(ar -> ctx.verify(() -> {
          assertThat(ar.failed()).as("request to a denied peer").isTrue();
          denied.close().onComplete(ctx.succeedingThenComplete());
        }));
  }

  private static void send(WebSocket socket, JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }
}
