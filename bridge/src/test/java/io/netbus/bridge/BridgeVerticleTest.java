package io.netbus.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Drives the real bridge over real sockets with the same codec. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class BridgeVerticleTest {

  private TestBridge bridge;
  private int port;

  /** The bridge, with its context in reach: tasks queued there run after the bus deliveries queued before them. */
  static final class TestBridge extends BridgeVerticle {
    Context context() {
      return context;
    }
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    bridge = new TestBridge();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("inbound", new JsonArray().add("netbus\\..+"))
        .put("outbound", new JsonArray().add("netbus\\..+"))
        .put("maxFrame", 1024).put("maxConnections", 3).put("idleTimeoutSeconds", 2).put("requestTimeoutMs", 2000);
    vertx.deployVerticle(bridge, new DeploymentOptions().setConfig(config))
        .onComplete(ctx.succeeding(id -> {
          port = bridge.actualPort();
          ctx.completeNow();
        }));
  }

  private static JsonObject frame(String type, String address) {
    JsonObject f = new JsonObject().put("type", type);
    return address == null ? f : f.put("address", address);
  }

  @Test
  void pingIsAnsweredWithPong(Vertx vertx, VertxTestContext ctx) {
    FrameReader.connect(vertx, port)
        .compose(c -> c.write(frame("ping", null)).next())
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f).isEqualTo(new JsonObject().put("type", "pong"));
          ctx.completeNow();
        })));
  }

  @Test
  void permittedPublishReachesTheBus(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer("netbus.test.in", m -> ctx.verify(() -> {
      assertThat(m.body()).isEqualTo(new JsonObject().put("text", "hi"));
      assertThat(m.headers().get("k")).isEqualTo("v");
      ctx.completeNow();
    })).completion()
        .compose(v -> FrameReader.connect(vertx, port))
        .onComplete(ctx.succeeding(c -> c.write(frame("publish", "netbus.test.in")
            .put("headers", new JsonObject().put("k", "v")).put("body", new JsonObject().put("text", "hi")))));
  }

  @Test
  void requestReplyThroughTheBridge(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer("netbus.test.upper", m -> m.reply(
        new JsonObject().put("text", m.body().getString("text").toUpperCase()))).completion()
        .compose(v -> FrameReader.connect(vertx, port))
        .compose(c -> c.write(frame("send", "netbus.test.upper").put("replyAddress", "r1")
            .put("body", new JsonObject().put("text", "abc"))).next())
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.getString("type")).isEqualTo("message");
          assertThat(f.getString("address")).isEqualTo("r1");
          assertThat(f.getJsonObject("body")).isEqualTo(new JsonObject().put("text", "ABC"));
          ctx.completeNow();
        })));
  }

  @Test
  void requestWithoutConsumerFailsWithAnErrFrame(Vertx vertx, VertxTestContext ctx) {
    FrameReader.connect(vertx, port)
        .compose(c -> c.write(frame("send", "netbus.nobody").put("replyAddress", "r2").put("body", 1)).next())
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.getString("type")).isEqualTo("err");
          assertThat(f.getString("address")).isEqualTo("r2");
          assertThat(f.getString("failureType")).isEqualTo("NO_HANDLERS");
          ctx.completeNow();
        })));
  }

  @Test
  void deniedAddressesGetAccessDenied(Vertx vertx, VertxTestContext ctx) {
    FrameReader.connect(vertx, port).compose(c -> c.write(frame("send", "other.address").put("body", 1)).next()
            .compose(f1 -> c.write(frame("publish", "netbus").put("body", 1)).next().map(f2 -> new JsonArray().add(f1).add(f2)))
            .compose(a -> c.write(frame("register", "secret.stuff")).next().map(a::add))
            .compose(a -> c.write(frame("send", "x.y").put("replyAddress", "r3")).next().map(a::add)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            assertThat(all.getJsonObject(i).getString("type")).isEqualTo("err");
            assertThat(all.getJsonObject(i).getString("message")).isEqualTo("access_denied");
          }
          assertThat(all.getJsonObject(2).getString("address")).isEqualTo("secret.stuff");
          assertThat(all.getJsonObject(3).getString("address")).isEqualTo("r3");
          ctx.completeNow();
        })));
  }

  @Test
  void registeredClientReceivesAndRepliesToBusMessages(Vertx vertx, VertxTestContext ctx) {
    FrameReader.connect(vertx, port).compose(c -> c.write(frame("register", "netbus.test.client")
            .put("replyAddress", "ack")).next()
        .compose(ack -> {
          ctx.verify(() -> assertThat(ack.getJsonObject("body")).isEqualTo(
              new JsonObject().put("registered", "netbus.test.client")));
          Future<io.vertx.core.eventbus.Message<Object>> reply = vertx.eventBus().request("netbus.test.client",
              new JsonObject().put("q", 1));
          return c.next().compose(msg -> {
            ctx.verify(() -> {
              assertThat(msg.getString("address")).isEqualTo("netbus.test.client");
              assertThat(msg.getBoolean("send")).isTrue();
              assertThat(msg.getString("replyAddress")).isNotBlank();
            });
            // the reply address matches no inbound regex: replies to received messages are allowed.
            c.write(frame("send", msg.getString("replyAddress")).put("body", new JsonObject().put("a", 2)));
            return reply;
          });
        }))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isEqualTo(new JsonObject().put("a", 2));
          ctx.completeNow();
        })));
  }

  @Test
  void clientCanFailAReceivedRequest(Vertx vertx, VertxTestContext ctx) {
    FrameReader.connect(vertx, port).compose(c -> c.write(frame("register", "netbus.test.failing")
            .put("replyAddress", "ack")).next()
        .compose(ack -> {
          Future<io.vertx.core.eventbus.Message<Object>> reply = vertx.eventBus().request("netbus.test.failing", "x");
          return c.next().compose(msg -> {
            c.write(frame("send", msg.getString("replyAddress")).put("failureCode", 42).put("message", "nope"));
            return reply;
          });
        }))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ReplyException.class);
          assertThat(((ReplyException) err).failureCode()).isEqualTo(42);
          assertThat(err.getMessage()).isEqualTo("nope");
          ctx.completeNow();
        })));
  }

  @Test
  void malformedJsonAndUnknownTypesAreAnsweredAndTheConnectionLives(Vertx vertx, VertxTestContext ctx) {
    Buffer bad = Buffer.buffer("{not json");
    FrameReader.connect(vertx, port).compose(c -> c.writeRaw(Buffer.buffer().appendInt(bad.length()).appendBuffer(bad))
            .next()
            .compose(f1 -> c.write(frame("bogus", "netbus.x")).next().map(f2 -> new JsonArray().add(f1).add(f2)))
            .compose(a -> c.write(new JsonObject().put("address", "netbus.x")).next().map(a::add))
            .compose(a -> c.writeRaw(Buffer.buffer().appendInt(3).appendString("[1]"))
                .next().map(a::add))
            .compose(a -> c.write(frame("send", null)).next().map(a::add))
            .compose(a -> c.writeRaw(Buffer.buffer().appendInt(0)).next().map(a::add))
            .compose(a -> c.write(frame("ping", null)).next().map(a::add)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.getJsonObject(0).getString("message")).isEqualTo("invalid_json");
          // where it breaks, in the user's terms: no parser internals
          assertThat(all.getJsonObject(0).getString("detail")).startsWith("malformed JSON at line 1, column 2: ")
              .doesNotContain("Source", "REDACTED", "StreamReadFeature", "Failed to decode");
          assertThat(all.getJsonObject(1).getString("message")).isEqualTo("unknown_type");
          assertThat(all.getJsonObject(2).getString("message")).isEqualTo("unknown_type");
          assertThat(all.getJsonObject(3).getString("message")).isEqualTo("invalid_json");
          assertThat(all.getJsonObject(4).getString("message")).isEqualTo("missing_address");
          assertThat(all.getJsonObject(5).getString("message")).isEqualTo("invalid_json");
          assertThat(all.getJsonObject(5).getString("detail")).contains("empty");
          assertThat(all.getJsonObject(6).getString("type")).isEqualTo("pong");
          ctx.completeNow();
        })));
  }

  @Test
  void oversizedLengthClaimClosesTheConnectionAtOnce(Vertx vertx, VertxTestContext ctx) {
    // only the 4-byte claim is sent: the bridge must not wait for (or buffer) the body.
    FrameReader.connect(vertx, port).compose(c -> c.writeRaw(Buffer.buffer().appendInt(1025)).next()
            .compose(err -> {
              ctx.verify(() -> {
                assertThat(err.getString("type")).isEqualTo("err");
                assertThat(err.getString("message")).isEqualTo("frame_too_large");
              });
              return c.closed();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void connectionsBeyondMaxConnectionsAreRefused(Vertx vertx, VertxTestContext ctx) {
    Future.all(FrameReader.connect(vertx, port), FrameReader.connect(vertx, port), FrameReader.connect(vertx, port))
        .compose(three -> ((FrameReader) three.resultAt(0)).write(frame("ping", null)).next()
            .compose(pong -> FrameReader.connect(vertx, port))
            .compose(fourth -> fourth.next().compose(err -> {
              ctx.verify(() -> assertThat(err.getString("message")).isEqualTo("too_many_connections"));
              return fourth.closed();
            })))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void idleConnectionsAreClosed(Vertx vertx, VertxTestContext ctx) {
    long t0 = System.nanoTime();
    FrameReader.connect(vertx, port).compose(FrameReader::closed)
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(1500L, 6000L);
          ctx.completeNow();
        })));
  }

  @Test
  void registeringTwiceKeepsOneConsumerAndUnregisterWorks(Vertx vertx, VertxTestContext ctx) {
    FrameReader.connect(vertx, port).compose(c -> c.write(frame("register", "netbus.twice").put("replyAddress", "a1"))
            .write(frame("register", "netbus.twice").put("replyAddress", "a2")).next()
            .compose(a1 -> c.next())
            .compose(a2 -> {
              vertx.eventBus().publish("netbus.twice", "one");
              // a second consumer's copy would be queued before the ping is even written.
              return c.next().compose(first -> c.write(frame("ping", null)).next().map(second ->
                  new JsonArray().add(first).add(second)));
            })
            .compose(two -> c.write(frame("unregister", "netbus.twice")).write(frame("unregister", "netbus.twice"))
                .next().map(two::add)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          // one message (not two), then the pong; the second unregister is unknown.
          assertThat(all.getJsonObject(0).getString("body")).isEqualTo("one");
          assertThat(all.getJsonObject(1).getString("type")).isEqualTo("pong");
          assertThat(all.getJsonObject(2).getString("message")).isEqualTo("unknown_address");
          ctx.completeNow();
        })));
  }

  @Test
  void aClientThatStopsReadingCannotMakeTheBridgeBufferWithoutBound(Vertx vertx, VertxTestContext ctx) {
    int sent = 2000;
    String big = "x".repeat(8 * 1024);
    int[] received = {0};
    // a small receive buffer, so the kernel cannot absorb what the bridge must hold back.
    FrameReader.connect(vertx, port, new NetClientOptions().setReceiveBufferSize(64 * 1024)).compose(c -> c.write(frame("register", "netbus.flood").put("replyAddress", "ack"))
            .next()
            .compose(ack -> {
              c.socket.pause();
              for (int i = 0; i < sent; i++) {
                vertx.eventBus().publish("netbus.flood", big);
              }
              // each delivery is a task on the bridge's event loop, queued by publish(): a task
              // queued after them runs once the whole flood has been written, buffered or dropped.
              Promise<Void> landed = Promise.promise();
              bridge.context().runOnContext(v -> landed.complete());
              return landed.future();
            })
            .compose(v -> {
              c.socket.resume();
              c.write(frame("ping", null));
              return drainUntilPong(c, received);
            }))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          // some were dropped by the paused consumer (bounded), none lost the connection.
          assertThat(received[0]).isPositive().isLessThan(sent);
          ctx.completeNow();
        })));
  }

  private static Future<Void> drainUntilPong(FrameReader c, int[] count) {
    return c.next().compose(f -> {
      if ("pong".equals(f.getString("type"))) {
        return Future.succeededFuture();
      }
      count[0]++;
      return drainUntilPong(c, count);
    });
  }
}
