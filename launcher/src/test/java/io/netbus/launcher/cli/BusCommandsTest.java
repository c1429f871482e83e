package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.Main;
import io.netbus.bridge.BridgeVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The CLI bus clients (send, publish, listen) against a real bridge on an ephemeral port. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class BusCommandsTest {

  private String bridge;

  /** One command run: its status and what it printed. */
  record Run(int status, String out, String err) {
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    BridgeVerticle verticle = new BridgeVerticle();
    JsonObject config = new JsonObject().put("port", 0)
        .put("inbound", new JsonArray().add("netbus\\..+")).put("outbound", new JsonArray().add("netbus\\..+"));
    vertx.eventBus().<JsonObject>consumer("netbus.test.upper",
            m -> m.reply(new JsonObject().put("text", m.body().getString("text").toUpperCase())))
        .completion()
        .compose(v -> vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)))
        .onComplete(ctx.succeeding(id -> {
          bridge = "127.0.0.1:" + verticle.actualPort();
          ctx.completeNow();
        }));
  }

  /** Runs a command on its own thread, as from a shell (commands block until done). */
  static Future<Run> netbus(Vertx vertx, String... args) {
    Promise<Run> result = Promise.promise();
    Thread t = new Thread(() -> {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cmd = Main.commandLine();
      cmd.setOut(new PrintWriter(out, true));
      cmd.setErr(new PrintWriter(err, true));
      int status = cmd.execute(args);
      result.complete(new Run(status, out.toString(), err.toString()));
    }, "netbus-" + args[0]);
    t.setDaemon(true);
    t.start();
    return result.future();
  }

  @Test
  void sendPrintsTheReply(Vertx vertx, VertxTestContext ctx) {
    netbus(vertx, "send", "--bridge", bridge, "netbus.test.upper", "{\"text\":\"hello\"}")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).as(run.err()).isZero();
          assertThat(run.out()).isEqualTo("{\"text\":\"HELLO\"}" + System.lineSeparator());
          ctx.completeNow();
        })));
  }

  @Test
  void sendWithoutConsumerFails(Vertx vertx, VertxTestContext ctx) {
    netbus(vertx, "send", "--bridge", bridge, "netbus.nobody", "1")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).isEqualTo(1);
          assertThat(run.out()).isEmpty();
          assertThat(run.err().trim())
              .isEqualTo("netbus send: nothing consumes netbus.nobody (no handler for that address on the bus)");
          ctx.completeNow();
        })));
  }

  @Test
  void sendTimesOut(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer("netbus.test.silent", m -> { }).completion()
        .compose(v -> netbus(vertx, "send", "--bridge", bridge, "--timeout", "300", "netbus.test.silent", "1"))
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).isEqualTo(1);
          assertThat(run.err()).contains("no reply from netbus.test.silent within 300 ms");
          ctx.completeNow();
        })));
  }

  @Test
  void deniedAddressesFail(Vertx vertx, VertxTestContext ctx) {
    Future.all(netbus(vertx, "send", "--bridge", bridge, "private.thing", "1"),
            netbus(vertx, "publish", "--bridge", bridge, "private.thing", "1"),
            netbus(vertx, "listen", "--bridge", bridge, "private.thing"))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < 3; i++) {
            Run run = all.resultAt(i);
            assertThat(run.status()).as("run %d", i).isEqualTo(1);
            assertThat(run.err()).contains("access_denied");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void publishReachesConsumers(Vertx vertx, VertxTestContext ctx) {
    io.vertx.junit5.Checkpoint received = ctx.checkpoint(3);
    vertx.eventBus().<JsonObject>consumer("netbus.test.pub", m -> ctx.verify(() -> {
      assertThat(m.body()).isEqualTo(new JsonObject().put("n", 7));
      received.flag();
    })).completion()
        .compose(v -> vertx.eventBus().<JsonObject>consumer("netbus.test.pub", m -> received.flag()).completion())
        .compose(v -> netbus(vertx, "publish", "--bridge", bridge, "netbus.test.pub", "{\"n\":7}"))
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          assertThat(run.status()).as(run.err()).isZero();
          assertThat(run.out()).isEmpty();
          received.flag();
        })));
  }

  /** The stock bridge never acknowledges a registration: listen takes the pong to its ping instead. */
  @Test
  void listenWorksAgainstTheStockBridge(Vertx vertx, VertxTestContext ctx) throws Exception {
    int port = io.netbus.launcher.TestPorts.freePort();
    io.vertx.ext.bridge.BridgeOptions options = new io.vertx.ext.bridge.BridgeOptions()
        .addOutboundPermitted(new io.vertx.ext.bridge.PermittedOptions().setAddressRegex("netbus\\..+"));
    io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge.create(vertx, options).listen(port, "127.0.0.1")
        .onComplete(ctx.succeeding(stock -> {
          long timer = vertx.setPeriodic(100, id -> vertx.eventBus().publish("netbus.test.stock",
              new JsonObject().put("text", "tick")));
          netbus(vertx, "listen", "--bridge", "127.0.0.1:" + port, "--count", "1", "netbus.test.stock")
              .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
                vertx.cancelTimer(timer);
                assertThat(run.status()).as(run.err()).isZero();
                assertThat(run.out().trim()).isEqualTo("{\"text\":\"tick\"}");
                ctx.completeNow();
              })));
        }));
  }

  @Test
  void listenPrintsOneJsonLinePerMessage(Vertx vertx, VertxTestContext ctx) {
    // publish until the listener (whose registration time we cannot see from here) has two.
    long timer = vertx.setPeriodic(100, id -> vertx.eventBus().publish("netbus.test.feed",
        new JsonObject().put("text", "tick")));
    netbus(vertx, "listen", "--bridge", bridge, "--count", "2", "netbus.test.feed")
        .onComplete(ctx.succeeding(run -> ctx.verify(() -> {
          vertx.cancelTimer(timer);
          assertThat(run.status()).as(run.err()).isZero();
          assertThat(run.out().split("\\R")).containsExactly("{\"text\":\"tick\"}", "{\"text\":\"tick\"}");
          ctx.completeNow();
        })));
  }

  @Test
  void aPeerThatIsNotABridgeIsNamedWithWhatItSent(Vertx vertx, VertxTestContext ctx) {
    // the default config's greet listener: "Welcome!" on connect, then it waits
    vertx.createNetServer().connectHandler(s -> {
      s.write("Welcome!");
      s.handler(b -> { });
    }).listen(0, "127.0.0.1")
        .compose(greet -> netbus(vertx, "listen", "--bridge", "127.0.0.1:" + greet.actualPort(), "netbus.x")
            .map(run -> {
              ctx.verify(() -> {
                assertThat(run.status()).isEqualTo(1);
                assertThat(run.err().trim()).isEqualTo("netbus listen: 127.0.0.1:" + greet.actualPort()
                    + " is not a netbus bridge (it sent \"Welcome!\")");
              });
              return run;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aSilentPeerIsNamedWithinSeconds(Vertx vertx, VertxTestContext ctx) {
    long t0 = System.nanoTime();
    vertx.createNetServer().connectHandler(s -> s.handler(b -> { })).listen(0, "127.0.0.1")
        .compose(silent -> netbus(vertx, "send", "--bridge", "127.0.0.1:" + silent.actualPort(), "netbus.x", "1")
            .map(run -> {
              ctx.verify(() -> {
                assertThat(run.status()).isEqualTo(1);
                assertThat(run.err().trim()).isEqualTo("netbus send: 127.0.0.1:" + silent.actualPort()
                    + " is not a netbus bridge (it sent nothing within 3 s)");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(8_000);
              });
              return run;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void busFailuresAreInUserWordsWithoutVertxInternals(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer("netbus.test.slow", m -> { }).completion()
        .compose(v -> vertx.eventBus().<Object>consumer("netbus.test.failing", m -> m.fail(418, "teapot")).completion())
        .compose(v -> vertx.eventBus().consumer("netbus.file.slowcopy", m -> { }).completion())
        .compose(v -> Future.all(
            netbus(vertx, "send", "--bridge", bridge, "--timeout", "300", "netbus.test.slow", "1"),
            netbus(vertx, "send", "--bridge", bridge, "netbus.test.failing", "1"),
            netbus(vertx, "send", "--bridge", bridge, "--timeout", "300", "netbus.file.slowcopy", "{}")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Run slow = all.resultAt(0);
          Run failing = all.resultAt(1);
          assertThat(slow.status()).isEqualTo(1);
          assertThat(slow.err().trim()).isEqualTo(
              "netbus send: no reply from netbus.test.slow within 300 ms; raise --timeout if it is slow");
          assertThat(failing.status()).isEqualTo(1);
          assertThat(failing.err().trim()).isEqualTo("netbus send: netbus.test.failing failed: teapot (code 418)");
          assertThat(((Run) all.resultAt(2)).err()).contains("no reply from netbus.file.slowcopy within 300 ms; "
              + "the transfer may still be running: send it with \"wait\": false and follow netbus.file.progress");
          for (int i = 0; i < 3; i++) {
            assertThat(((Run) all.resultAt(i)).err()).doesNotContain("__vertx");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void usageAndConnectionErrors(Vertx vertx, VertxTestContext ctx) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Future.all(netbus(vertx, "send", "--bridge", "nohostport", "netbus.x", "1"),
            netbus(vertx, "send", "--bridge", bridge, "netbus.x", "{bad json"),
            netbus(vertx, "publish", "--bridge", "127.0.0.1:" + closedPort, "netbus.x", "1"))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Run badBridge = all.resultAt(0);
          Run badJson = all.resultAt(1);
          Run refused = all.resultAt(2);
          assertThat(badBridge.status()).isEqualTo(2);
          assertThat(badBridge.err()).contains("--bridge");
          assertThat(badJson.status()).isEqualTo(2);
          assertThat(badJson.err()).contains("is not JSON");
          assertThat(refused.status()).isEqualTo(1);
          assertThat(refused.err()).contains("cannot reach the bridge at 127.0.0.1:" + closedPort);
          ctx.completeNow();
        })));
  }
}
