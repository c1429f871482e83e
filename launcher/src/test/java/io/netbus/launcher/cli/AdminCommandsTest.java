package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.TestPorts;
import io.netbus.launcher.cli.BusCommandsTest.Run;
import io.netbus.launcher.config.ConfigLoader;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster-operations commands (nodes, status, deploy, undeploy, reload) against a real node
 * through its bridge, and the admin API refused by a bridge with the default rules.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AdminCommandsTest {

  @TempDir
  static Path dir;
  private Node node;
  private Node closed;
  private String bridge;
  private String defaultBridge;

  @BeforeAll
  void start() throws Exception {
    int port = TestPorts.freePort();
    bridge = "127.0.0.1:" + port;
    node = start(dir.resolve("open.json"), "cli", new JsonObject().put("port", port)
        .put("inbound", new JsonArray().add("netbus\\..+").add("netbus\\.admin\\..+")));
    int other = TestPorts.freePort();
    defaultBridge = "127.0.0.1:" + other;
    closed = start(dir.resolve("closed.json"), "closed", new JsonObject().put("port", other));
  }

  private static Node start(Path file, String name, JsonObject bridgeSection) throws Exception {
    JsonObject json = new JsonObject().put("node", new JsonObject().put("name", name))
        .put("tcp", new JsonObject().put("listeners", new JsonArray().add(new JsonObject().put("name", "chat")
            .put("port", 0).put("service", "chat").put("framing", "line"))))
        .put("bridge", bridgeSection);
    Files.writeString(file, json.encodePrettily());
    NodeConfig config = NodeConfig.validate(json, Modules.all());
    return Node.start(Future.succeededFuture(Vertx.vertx()), config, Modules.all(), false,
        ConfigLoader.source(file, Modules.all())).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    for (Node n : new Node[] {node, closed}) {
      if (n != null) {
        n.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private Future<Run> netbus(Vertx vertx, String... args) {
    return BusCommandsTest.netbus(vertx, args);
  }

  @Test
  void statusAndNodesPrintTables(Vertx vertx, VertxTestContext ctx) {
    netbus(vertx, "status", "--bridge", bridge)
        .compose(status -> {
          ctx.verify(() -> {
            assertThat(status.status()).as(status.err()).isZero();
            assertThat(status.out()).startsWith("node cli (standalone), up ");
            assertThat(status.out()).containsPattern("(?m)^KIND +NAME +ADDRESS +TLS +ORIGIN +CONNS");
            assertThat(status.out()).containsPattern("(?m)^tcp +chat +127\\.0\\.0\\.1:\\d+ +no +config +0 ");
            assertThat(status.out()).containsPattern("(?m)^bridge +bridge +" + bridge.replace(".", "\\.") + " ");
          });
          return netbus(vertx, "nodes", "--bridge", bridge);
        })
        .compose(nodes -> {
          ctx.verify(() -> {
            assertThat(nodes.status()).as(nodes.err()).isZero();
            assertThat(nodes.out()).containsPattern("(?m)^NAME +ADDRESS +UPTIME +LISTENERS +CONNECTIONS$");
            // two listeners (chat and the bridge), one connection: this command's own
            assertThat(nodes.out()).containsPattern("(?m)^cli +standalone +\\d+s +2 +1$");
          });
          return netbus(vertx, "status", "--bridge", bridge, "--json");
        })
        .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
          assertThat(new JsonObject(json.out().trim()).getJsonObject("node").getString("name")).isEqualTo("cli");
          ctx.completeNow();
        })));
  }

  @Test
  void badInputGetsOneLineAndTheRightStatus(Vertx vertx, VertxTestContext ctx) {
    netbus(vertx, "status", "--bridge", bridge, "--node", "nope")
        .compose(unknown -> {
          ctx.verify(() -> {
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.err().trim()).isEqualTo("netbus status: no node named 'nope' (nodes: cli)");
          });
          return netbus(vertx, "deploy", "--bridge", bridge, "tcp", "{\"name\":\"x\",\"port\":70000}");
        })
        .compose(bad -> {
          ctx.verify(() -> {
            assertThat(bad.status()).isEqualTo(2);
            assertThat(bad.err().trim()).isEqualTo("netbus deploy: tcp.listeners[0].port: 70000 is not a port (0-65535)");
          });
          return netbus(vertx, "deploy", "--bridge", bridge, "tcp", "{\"name\":\"chat\",\"port\":0}");
        })
        .compose(taken -> {
          ctx.verify(() -> {
            assertThat(taken.status()).isEqualTo(2);
            assertThat(taken.err()).contains("tcp listener 'chat' already runs on node cli");
          });
          return netbus(vertx, "undeploy", "--bridge", bridge, "nope");
        })
        .compose(missing -> {
          ctx.verify(() -> {
            assertThat(missing.status()).isEqualTo(1);
            assertThat(missing.err().trim()).isEqualTo("netbus undeploy: no listener 'nope' on node cli (it has tcp/chat)");
          });
          return netbus(vertx, "deploy", "--bridge", bridge, "tcp", "not json");
        })
        .onComplete(ctx.succeeding(usage -> ctx.verify(() -> {
          assertThat(usage.status()).isEqualTo(2);
          assertThat(usage.err()).contains("LISTENER-JSON: 'not json' is not JSON");
          ctx.completeNow();
        })));
  }

  @Test
  void deployUndeployAndReload(Vertx vertx, VertxTestContext ctx) {
    netbus(vertx, "deploy", "--bridge", bridge, "--node", "cli", "tcp",
        "{\"name\":\"echo2\",\"port\":0,\"service\":\"echo\"}")
        .compose(deployed -> {
          ctx.verify(() -> {
            assertThat(deployed.status()).as(deployed.err()).isZero();
            assertThat(deployed.out()).matches("deployed tcp listener echo2 on node cli at 127\\.0\\.0\\.1:\\d+\\R");
          });
          return netbus(vertx, "status", "--bridge", bridge);
        })
        .compose(status -> {
          ctx.verify(() -> assertThat(status.out()).containsPattern("(?m)^tcp +echo2 +127\\.0\\.0\\.1:\\d+ +no +deploy "));
          return netbus(vertx, "reload", "--bridge", bridge);
        })
        .compose(reload -> {
          ctx.verify(() -> {
            assertThat(reload.status()).as(reload.err()).isZero();
            assertThat(reload.out().trim())
                .isEqualTo("node cli reloaded: 1 kept, 0 redeployed, 0 added, 1 removed (tcp/echo2)");
          });
          return netbus(vertx, "deploy", "--bridge", bridge, "udp", "{\"name\":\"echo3\",\"port\":0,\"service\":\"echo\"}");
        })
        .compose(deployed -> netbus(vertx, "undeploy", "--bridge", bridge, "echo3"))
        .onComplete(ctx.succeeding(undeployed -> ctx.verify(() -> {
          assertThat(undeployed.status()).as(undeployed.err()).isZero();
          assertThat(undeployed.out().trim()).isEqualTo("undeployed udp listener echo3 on node cli");
          ctx.completeNow();
        })));
  }

  @Test
  void aBridgeWithTheDefaultRulesRefusesTheAdminApi(Vertx vertx, VertxTestContext ctx) {
    netbus(vertx, "nodes", "--bridge", defaultBridge)
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).isEqualTo(1);
          assertThat(run.err()).startsWith("netbus nodes: the bridge does not permit the admin API: add");
          ctx.completeNow();
        })));
  }
}
