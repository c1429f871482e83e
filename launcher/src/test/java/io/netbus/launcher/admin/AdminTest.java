package io.netbus.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.config.ConfigLoader;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.node.Modules;
import io.netbus.launcher.node.Node;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of one node over its own bus, with real listeners on ephemeral ports: status and
 * nodes, deploy and undeploy at run time, and reloads that keep an unchanged listener's
 * connection open while a changed one is replaced; a bad file changes nothing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AdminTest {

  @TempDir
  Path dir;
  private Path file;
  private Node node;

  static JsonObject listener(String name, String service) {
    return new JsonObject().put("name", name).put("port", 0).put("service", service).put("framing", "line");
  }

  static JsonObject config(JsonArray tcp, JsonArray udp) {
    return new JsonObject().put("node", new JsonObject().put("name", "solo"))
        .put("tcp", new JsonObject().put("listeners", tcp))
        .put("udp", new JsonObject().put("listeners", udp));
  }

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("node.json");
    write(config(new JsonArray().add(listener("chat", "chat")).add(listener("shout", "echo")), new JsonArray()));
    NodeConfig config = NodeConfig.validate(new JsonObject(Files.readString(file)), Modules.all());
    node = Node.start(Future.succeededFuture(Vertx.vertx()), config, Modules.all(), false,
        ConfigLoader.source(file, Modules.all())).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private void write(JsonObject json) throws Exception {
    Files.writeString(file, json.encodePrettily());
  }

  private Future<JsonObject> admin(String node, String op, JsonObject body) {
    return this.node.vertx().eventBus().<JsonObject>request(AdminAddresses.of(node, op), body).map(Message::body);
  }

  /** The bound address of listener {@code kind/name}, from status. */
  private Future<Integer> port(String kind, String name) {
    return admin("solo", AdminAddresses.STATUS, new JsonObject()).map(status -> {
      JsonArray ls = status.getJsonArray(AdminAddresses.LISTENERS);
      for (int i = 0; i < ls.size(); i++) {
        JsonObject l = ls.getJsonObject(i);
        if (l.getString("kind").equals(kind) && l.getString("name").equals(name)) {
          String address = l.getString("address");
          return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
      }
      throw new AssertionError(kind + "/" + name + " not in status: " + status.encode());
    });
  }

  /** A line client: the lines it received, in order; {@link #next} waits for the next one. */
  private static final class Lines {
    final NetSocket socket;
    final Deque<String> received = new ArrayDeque<>();
    Promise<String> waiting;

    Lines(NetSocket socket) {
      this.socket = socket;
      socket.handler(RecordParser.newDelimited("\n", line -> {
        if (waiting != null) {
          Promise<String> w = waiting;
          waiting = null;
          w.complete(line.toString());
        } else {
          received.add(line.toString());
        }
      }));
    }

    Future<String> next() {
      if (!received.isEmpty()) {
        return Future.succeededFuture(received.poll());
      }
      waiting = Promise.promise();
      return waiting.future();
    }

    Future<String> ask(String line) {
      return socket.write(line + "\n").compose(v -> next());
    }
  }

  private Future<Lines> connect(Vertx client, int port) {
    return client.createNetClient().connect(port, "127.0.0.1").map(Lines::new);
  }

  @Test
  void statusListsListenersAndNodesListsTheNode(VertxTestContext ctx) {
    admin(AdminAddresses.LOCAL, AdminAddresses.STATUS, new JsonObject())
        .compose(status -> {
          ctx.verify(() -> {
            assertThat(status.getJsonObject("node").getString("name")).isEqualTo("solo");
            assertThat(status.getJsonArray("listeners").stream().map(o -> ((JsonObject) o).getString("name")))
                .contains("chat", "shout");
            JsonObject chat = (JsonObject) status.getJsonArray("listeners").stream()
                .filter(o -> ((JsonObject) o).getString("name").equals("chat")).findFirst().orElseThrow();
            assertThat(chat.getString("origin")).isEqualTo("config");
            assertThat(chat.getString("address")).startsWith("127.0.0.1:");
            assertThat(status.getJsonArray("transfers")).isEmpty();
          });
          return admin("solo", AdminAddresses.NODES, new JsonObject());
        })
        .onComplete(ctx.succeeding(nodes -> ctx.verify(() -> {
          JsonArray list = nodes.getJsonArray("nodes");
          assertThat(list).hasSize(1);
          assertThat(list.getJsonObject(0).getString("name")).isEqualTo("solo");
          assertThat(list.getJsonObject(0).getBoolean("reachable")).isTrue();
          assertThat(list.getJsonObject(0).getInteger("listeners")).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void deployServesAtOnceAndUndeployCloses(Vertx client, VertxTestContext ctx) {
    JsonObject extra = listener("extra", "upper");
    admin("solo", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp").put("listener", extra))
        .compose(reply -> {
          String address = reply.getJsonObject("deployed").getString("address");
          ctx.verify(() -> assertThat(reply.getString("node")).isEqualTo("solo"));
          return connect(client, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        })
        .compose(lines -> lines.ask("hi"))
        .compose(answer -> {
          ctx.verify(() -> assertThat(answer).isEqualTo("HI"));
          return admin("solo", AdminAddresses.STATUS, new JsonObject());
        })
        .compose(status -> {
          ctx.verify(() -> assertThat(status.getJsonArray("listeners").stream().map(o -> (JsonObject) o)
              .filter(l -> l.getString("name").equals("extra")).findFirst().orElseThrow().getString("origin"))
              .isEqualTo("deploy"));
          return failure(admin("solo", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp").put("listener", extra)));
        })
        .compose(taken -> {
          ctx.verify(() -> {
            assertThat(taken.failureCode()).isEqualTo(AdminAddresses.CONFLICT);
            assertThat(taken.getMessage()).contains("'extra' already runs on node solo");
          });
          return failure(admin("solo", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp")
              .put("listener", listener("bad", "echo").put("port", 70000))));
        })
        .compose(bad -> {
          ctx.verify(() -> {
            assertThat(bad.failureCode()).isEqualTo(AdminAddresses.BAD_REQUEST);
            assertThat(bad.getMessage()).isEqualTo("tcp.listeners[0].port: 70000 is not a port (0-65535)");
          });
          return port("tcp", "extra").compose(p -> admin("solo", AdminAddresses.UNDEPLOY,
              new JsonObject().put("name", "extra")).map(p));
        })
        .compose(p -> client.createNetClient().connect(p, "127.0.0.1").transform(ar -> {
          ctx.verify(() -> assertThat(ar.failed()).as("undeployed listener refuses connections").isTrue());
          return failure(admin("solo", AdminAddresses.UNDEPLOY, new JsonObject().put("name", "extra")));
        }))
        .onComplete(ctx.succeeding(unknown -> ctx.verify(() -> {
          assertThat(unknown.failureCode()).isEqualTo(AdminAddresses.NOT_FOUND);
          assertThat(unknown.getMessage()).isEqualTo("no listener 'extra' on node solo (it has tcp/chat, tcp/shout)");
          ctx.completeNow();
        })));
  }

  @Test
  void deployOnAPortInUseFailsWithTheConfigLine(Vertx client, VertxTestContext ctx) {
    client.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1")
        .compose(server -> failure(admin("solo", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp")
            .put("listener", listener("clash", "echo").put("port", server.actualPort())))))
        .onComplete(ctx.succeeding(err -> ctx.verify(() -> {
          assertThat(err.failureCode()).isEqualTo(AdminAddresses.BAD_REQUEST);
          assertThat(err.getMessage()).startsWith("tcp.listeners[2].port: cannot listen on 127.0.0.1:");
          ctx.completeNow();
        })));
  }

  @Test
  void reloadKeepsAnUnchangedListenersConnectionAndReplacesAChangedOne(Vertx client, VertxTestContext ctx)
      throws Exception {
    Future<Lines> first = port("tcp", "chat").compose(p -> connect(client, p));
    first.compose(a -> {
          try {
            write(config(new JsonArray().add(listener("chat", "chat")).add(listener("shout", "upper")),
                new JsonArray().add(new JsonObject().put("name", "u").put("port", 0).put("service", "echo"))));
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
          return admin("solo", AdminAddresses.RELOAD, new JsonObject());
        })
        .compose(reply -> {
          ctx.verify(() -> {
            assertThat(reply.getJsonArray("kept").getList()).containsExactly("tcp/chat");
            assertThat(reply.getJsonArray("redeployed").getList()).containsExactly("tcp/shout");
            assertThat(reply.getJsonArray("added").getList()).containsExactly("udp/u");
            assertThat(reply.getJsonArray("removed").getList()).isEmpty();
          });
          return port("tcp", "chat").compose(p -> connect(client, p));
        })
        // a line from a new chat client reaches the one connected before the reload
        .compose(second -> second.socket.write("after reload\n").compose(v -> first.result().next()))
        .compose(line -> {
          ctx.verify(() -> assertThat(line).isEqualTo("after reload"));
          return port("tcp", "shout").compose(p -> connect(client, p)).compose(s -> s.ask("quiet"));
        })
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer).as("the changed listener runs its new service").isEqualTo("QUIET");
          ctx.completeNow();
        })));
  }

  @Test
  void aBadFileOrAFixedSectionChangesNothing(Vertx client, VertxTestContext ctx) throws Exception {
    Future<Lines> shout = port("tcp", "shout").compose(p -> connect(client, p));
    shout.compose(s -> {
          try {
            write(config(new JsonArray().add(listener("chat", "chat")).add(listener("shout", "upper").put("port", 70000)),
                new JsonArray()));
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
          return failure(admin("solo", AdminAddresses.RELOAD, new JsonObject()));
        })
        .compose(bad -> {
          ctx.verify(() -> {
            assertThat(bad.failureCode()).isEqualTo(AdminAddresses.BAD_REQUEST);
            assertThat(bad.getMessage()).isEqualTo(file + ": tcp.listeners[1].port: 70000 is not a port (0-65535)");
          });
          try {
            write(config(new JsonArray().add(listener("chat", "chat")).add(listener("shout", "upper")), new JsonArray())
                .put("cluster", new JsonObject().put("port", 5799)));
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
          return failure(admin("solo", AdminAddresses.RELOAD, new JsonObject()));
        })
        .compose(fixed -> {
          ctx.verify(() -> {
            assertThat(fixed.failureCode()).isEqualTo(AdminAddresses.CONFLICT);
            assertThat(fixed.getMessage()).startsWith("cluster: changed in the file, but it cannot be reloaded;");
          });
          // still the old echo service on the same connection
          return shout.result().ask("still here");
        })
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer).isEqualTo("still here");
          ctx.completeNow();
        })));
  }

  @Test
  void concurrentChangesRunOneAtATime(VertxTestContext ctx) {
    List<Future<JsonObject>> changes = List.of(
        admin("solo", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp").put("listener", listener("x1", "echo"))),
        admin("solo", AdminAddresses.RELOAD, new JsonObject()),
        admin("solo", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp").put("listener", listener("x2", "echo"))));
    Future.join(changes).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      // in arrival order: x1 deployed, then the reload back to the file removes it, then x2
      assertThat(changes.get(1).result().getJsonArray("removed").getList()).containsExactly("tcp/x1");
      assertThat(changes.get(2).result().getJsonObject("deployed").getString("name")).isEqualTo("x2");
      ctx.completeNow();
    })));
  }

  /** The reply failure of a request that must fail. */
  private static Future<ReplyException> failure(Future<?> request) {
    return request.transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("expected a failure, got " + ar.result()))
        : Future.succeededFuture((ReplyException) ar.cause()));
  }

}
