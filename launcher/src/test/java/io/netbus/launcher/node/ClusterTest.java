package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.console.ConsoleVerticle;
import io.netbus.launcher.internal.LauncherInternals;
import io.netbus.bridge.BridgeVerticle;
import io.netbus.launcher.TestPorts;
import io.netbus.bridge.client.BridgeClient;
import io.netbus.launcher.config.ClusterConfig;
import io.netbus.tcp.TcpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two clustered Vert.x instances in this JVM (each with its own Hazelcast member, joined over
 * TCP-IP on 127.0.0.1), plus a third node in a child JVM that is killed with SIGKILL, restarted
 * and stopped with SIGTERM. The cluster name is unique per run so concurrent runs never join.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClusterTest {

  private final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private int portA;
  private int portB;
  private Vertx a;
  private Vertx b;
  private int bridgeB;
  private int consoleA;

  @BeforeAll
  void startTwoNodes() throws Exception {
    quiet("com.hazelcast", LauncherInternals.CLUSTERED_BUS_LOGGERS, LauncherInternals.CONNECTION_LOGGER);
    portA = freePort();
    portB = freePort();
    List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
    Future<Vertx> fa = NodeFactory.clustered(config(portA, members), true); // with metrics
    Future<Vertx> fb = NodeFactory.clustered(config(portB, members));
    a = await(fa);
    b = await(fb);
    BridgeVerticle bridge = new BridgeVerticle();
    await(b.deployVerticle(bridge, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    bridgeB = bridge.actualPort();
    ConsoleVerticle console = new ConsoleVerticle();
    await(a.deployVerticle(console, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    consoleA = console.actualPort();
    assertThat(nodes(a)).hasSize(2);
  }

  @AfterAll
  void stop() throws Exception {
    ChildNode.destroyAll();
    if (b != null) {
      await(b.close());
    }
    if (a != null) {
      await(a.close());
    }
  }

  private ClusterConfig config(int port, List<String> members) {
    return new ClusterConfig(true, "127.0.0.1", port, members, false, null, null, 0, name, 1, 3, 5);
  }

  @Test
  void theConsoleCountsTheMembersAndReportsTheClusterJoined(VertxTestContext ctx) {
    WebClient web = WebClient.create(a);
    web.get(consoleA, "127.0.0.1", "/metrics").send()
        .onSuccess(r -> ctx.verify(() -> assertThat(r.bodyAsString()).contains("netbus_cluster_members 2.0")))
        .compose(r -> web.get(consoleA, "127.0.0.1", "/health").send())
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsString()).contains("{\"id\":\"cluster\",\"status\":\"UP\",\"data\":{\"members\":2}}");
          ctx.completeNow();
        })));
  }

  @Test
  void publishCrossesNodes(VertxTestContext ctx) {
    Checkpoint both = ctx.checkpoint(2);
    Future.all(
            a.eventBus().<JsonObject>consumer("netbus.test.pub", m -> ctx.verify(() -> {
              assertThat(m.body().getString("text")).isEqualTo("from B");
              both.flag();
            })).completion(),
            b.eventBus().<JsonObject>consumer("netbus.test.pub", m -> both.flag()).completion())
        .onComplete(ctx.succeeding(v -> b.eventBus().publish("netbus.test.pub", new JsonObject().put("text", "from B"))));
  }

  @Test
  void requestReplyCrossesNodes(VertxTestContext ctx) {
    a.eventBus().<String>consumer("netbus.test.svc.a", m -> m.reply("A says " + m.body())).completion()
        .compose(v -> b.eventBus().<String>request("netbus.test.svc.a", "hi"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isEqualTo("A says hi");
          ctx.completeNow();
        })));
  }

  @Test
  void bridgeClientOnOneNodeReachesConsumersOnTheOther(VertxTestContext ctx) {
    // the chat case: a bridge client on B publishes to a listener's .out address owned by A.
    a.eventBus().<JsonObject>consumer("netbus.tcp.chat.out", m -> ctx.verify(() -> {
      assertThat(m.body()).isEqualTo(new JsonObject().put("text", "hello A\n"));
      ctx.completeNow();
    })).completion()
        .compose(v -> BridgeClient.connect(b, "127.0.0.1", bridgeB, 1 << 20))
        .compose(c -> c.publish("netbus.tcp.chat.out", new JsonObject().put("text", "hello A\n")))
        .onComplete(ctx.succeeding(v -> { }));
  }

  @Test
  void chatLinesCrossNodesBothWays(Vertx local, VertxTestContext ctx) {
    // One chat listener of the same name on each node: one service, whichever node a client is on.
    JsonObject chat = new JsonObject().put("listeners", new JsonArray().add(new JsonObject()
        .put("name", "xchat").put("port", 0).put("service", "chat").put("framing", "line")));
    TcpVerticle onA = new TcpVerticle();
    TcpVerticle onB = new TcpVerticle();
    NetClient client = local.createNetClient();
    Checkpoint received = ctx.checkpoint(2);
    Future.all(a.deployVerticle(onA, new DeploymentOptions().setConfig(chat)),
            b.deployVerticle(onB, new DeploymentOptions().setConfig(chat)))
        .compose(v -> Future.all(client.connect(onA.actualPorts().get("xchat"), "127.0.0.1"),
            client.connect(onB.actualPorts().get("xchat"), "127.0.0.1")))
        .onComplete(ctx.succeeding(sockets -> {
          NetSocket alice = sockets.resultAt(0);
          NetSocket bob = sockets.resultAt(1);
          alice.handler(RecordParser.newDelimited("\n", line -> ctx.verify(() -> {
            assertThat(line.toString()).isEqualTo("hi alice, bob on B here");
            received.flag();
          })));
          bob.handler(RecordParser.newDelimited("\n", line -> ctx.verify(() -> {
            assertThat(line.toString()).isEqualTo("hello from alice on A");
            received.flag();
            bob.write("hi alice, bob on B here\n");
          })));
          alice.write("hello from alice on A\n");
        }));
  }

  @Test
  void killedNodeIsDroppedFastAndRejoinsWhenRestarted(Vertx local, VertxTestContext ctx) throws Exception {
    int hzPort = freePort();
    int bridgePort = freePort();
    Path conf = Files.createTempFile("netbus-cluster", ".json");
    Files.writeString(conf, new JsonObject()
        .put("bridge", new JsonObject().put("port", bridgePort))
        .put("cluster", new JsonObject().put("enabled", true).put("port", hzPort).put("name", name)
            .put("heartbeatSeconds", 1).put("maxNoHeartbeatSeconds", 3)
            .put("members", new JsonArray().add("127.0.0.1:" + portA).add("127.0.0.1:" + hzPort)))
        .encodePrettily());
    ChildNode child = ChildNode.start(conf, "kill");
    // the service lives on the child: a bridge client of its bridge answers requests.
    serveThroughChild(local, bridgePort)
        .compose(v -> a.eventBus().<JsonObject>request("netbus.test.child", "ping"))
        .compose(reply -> {
          ctx.verify(() -> assertThat(reply.body().getString("pong")).isEqualTo("child"));
          child.kill();
          return untilNoHandlers(local, System.nanoTime());
        })
        .compose(elapsedMs -> {
          ctx.verify(() -> assertThat(elapsedMs).as("ms from kill -9 to NO_HANDLERS").isLessThan(10_000));
          ctx.verify(() -> assertThat(nodes(a)).hasSize(2));
          // restarted with the same config, the node rejoins and its service is back.
          ChildNode again = ChildNode.start(conf, "restart");
          return serveThroughChild(local, bridgePort)
              .compose(v -> a.eventBus().<JsonObject>request("netbus.test.child", "ping"))
              .compose(reply -> {
                ctx.verify(() -> assertThat(nodes(a)).hasSize(3));
                long t0 = System.nanoTime();
                return again.terminate().compose(status -> {
                  ctx.verify(() -> {
                    assertThat(status).as("exit status after SIGTERM").isZero();
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
                  });
                  return untilNodes(local, 2, System.nanoTime());
                }).map(leftMs -> {
                  // a graceful leave is seen at once, not after the 3 s heartbeat timeout.
                  ctx.verify(() -> assertThat(leftMs).as("ms until the others saw the leave").isLessThan(2500));
                  return leftMs;
                });
              });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Connects to the child's bridge (retrying while it starts) and answers netbus.test.child. */
  private Future<Void> serveThroughChild(Vertx local, int bridgePort) {
    return retry(local, 150, () -> BridgeClient.connect(local, "127.0.0.1", bridgePort, 1 << 20))
        .compose(client -> client.register("netbus.test.child", msg -> client.reply(msg,
            new JsonObject().put("pong", "child"))));
  }

  /** Polls the cluster view of node A until it has {@code n} members; the time it took. */
  private Future<Long> untilNodes(Vertx local, int n, long t0) {
    Promise<Long> done = Promise.promise();
    local.setPeriodic(50, id -> {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (nodes(a).size() == n) {
        local.cancelTimer(id);
        done.tryComplete(ms);
      } else if (ms > 15_000) {
        local.cancelTimer(id);
        done.tryFail("cluster still has " + nodes(a).size() + " members after " + ms + " ms");
      }
    });
    return done.future();
  }

  /** Requests the dead node's address until the cluster says nobody serves it; the time it took. */
  private Future<Long> untilNoHandlers(Vertx local, long t0) {
    Promise<Long> done = Promise.promise();
    tryOnce(local, t0, done, 0);
    return done.future();
  }

  private void tryOnce(Vertx local, long t0, Promise<Long> done, int attempt) {
    a.eventBus().request("netbus.test.child", "ping", new DeliveryOptions().setSendTimeout(1000)).onComplete(ar -> {
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      if (ar.failed() && ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
        done.complete(ms);
      } else if (attempt >= 60) {
        done.fail("still no NO_HANDLERS after " + ms + " ms: " + ar.cause());
      } else {
        local.setTimer(200, id -> tryOnce(local, t0, done, attempt + 1));
      }
    });
  }

  private static <T> Future<T> retry(Vertx vertx, int attempts, java.util.function.Supplier<Future<T>> op) {
    return op.get().recover(err -> {
      if (attempts <= 1) {
        return Future.failedFuture(err);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(200, id -> later.complete());
      return later.future().compose(v -> retry(vertx, attempts - 1, op));
    });
  }

  /** Members coming and going on purpose make Hazelcast and the event bus warn: expected here. */
  static void quiet(String... loggers) {
    for (String name : loggers) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  static List<String> nodes(Vertx vertx) {
    return LauncherInternals.clusterNodes(vertx);
  }

  static int freePort() throws IOException {
    return TestPorts.freePort();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
