package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.contract.ConfigException;
import io.netbus.launcher.TestPorts;
import io.netbus.launcher.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node deploys every section it is given, serves, and stops; a failing section stops it all. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class NodeTest {

  static int freePort() throws IOException {
    return TestPorts.freePort();
  }

  @Test
  void startsServesAndStops(Vertx client, VertxTestContext ctx) throws Exception {
    int tcp = freePort();
    NodeConfig config = NodeConfig.validate(new JsonObject()
        .put("tcp", new JsonObject().put("listeners", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("name", "echo").put("port", tcp).put("service", "echo"))))
        .put("udp", new JsonObject().put("listeners", new io.vertx.core.json.JsonArray()))
        .put("bridge", new JsonObject().put("port", 0)), Modules.all());
    NetClient netClient = client.createNetClient();
    Node.start(Future.succeededFuture(Vertx.vertx()), config, Modules.all(), false)
        .compose(node -> netClient.connect(tcp, "127.0.0.1")
            .compose(socket -> {
              Future<Buffer> reply = Future.future(p -> socket.handler(p::tryComplete));
              return socket.write("ping").compose(v -> reply);
            })
            .onSuccess(reply -> ctx.verify(() -> assertThat(reply.toString()).startsWith("ping")))
            .compose(reply -> node.stop())
            .compose(v -> netClient.connect(tcp, "127.0.0.1").transform(ar -> {
              ctx.verify(() -> assertThat(ar.failed()).as("listener closed after stop").isTrue());
              return Future.succeededFuture();
            })))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aFailingSectionFailsTheWholeStartAndClosesTheNode(Vertx other, VertxTestContext ctx) throws Exception {
    int tcp = freePort();
    NodeConfig config = NodeConfig.validate(new JsonObject()
        .put("tcp", new JsonObject().put("listeners", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("name", "echo").put("port", tcp).put("service", "echo"))))
        .put("file", new JsonObject().put("root", "/nonexistent-netbus-root").put("listeners",
            new io.vertx.core.json.JsonArray().add(new JsonObject().put("name", "p").put("port", 0)
                .put("mode", "push").put("file", "x.txt")))), Modules.all());
    Vertx nodeVertx = Vertx.vertx();
    Node.start(Future.succeededFuture(nodeVertx), config, Modules.all(), false)
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ConfigException.class).hasMessageStartingWith("file.listeners[0].file: ");
          // all or nothing: the tcp listener that did bind is closed again
          other.createNetClient().connect(tcp, "127.0.0.1").onComplete(ar -> ctx.verify(() -> {
            assertThat(ar.failed()).isTrue();
            ctx.completeNow();
          }));
        })));
  }

  @Test
  void anEmptyConfigStartsANodeThatSaysItServesNothing(VertxTestContext ctx) throws Exception {
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Node.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
        new ch.qos.logback.core.read.ListAppender<>();
    seen.start();
    log.addAppender(seen);
    NodeConfig config = NodeConfig.validate(new JsonObject(), Modules.all());
    Node.start(Future.succeededFuture(Vertx.vertx()), config, Modules.all(), false)
        .compose(node -> {
          ctx.verify(() -> assertThat(seen.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("the config has none of the sections [")
                .contains("tcp").endsWith("this node serves nothing");
          }));
          return node.stop();
        })
        .onComplete(ar -> log.detachAppender(seen))
        .onComplete(ctx.succeedingThenComplete());
  }
}
