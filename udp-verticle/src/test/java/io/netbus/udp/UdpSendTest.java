package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code netbus.udp.send} against real loopback sockets: fire and forget, await a reply, time out, retry. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UdpSendTest {

  private UdpVerticle udp;
  private Probe probe;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    udp = new UdpVerticle();
    JsonObject config = new JsonObject().put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "greet").put("port", 0).put("service", "greet")));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config))
        .compose(id -> Probe.open(vertx))
        .onSuccess(p -> probe = p)
        .onComplete(ctx.succeedingThenComplete());
  }

  private static JsonObject to(int port) {
    return new JsonObject().put("host", "127.0.0.1").put("port", port);
  }

  @Test
  void sendsWithoutAwaitingAReply(Vertx vertx, VertxTestContext ctx) {
    Checkpoint both = ctx.checkpoint(2);
    probe.next().onComplete(ctx.succeeding(p -> ctx.verify(() -> {
      assertThat(p.data().toString()).isEqualTo("fire and forget");
      both.flag();
    })));
    vertx.eventBus().<JsonObject>request(UdpAddresses.SEND, to(probe.port()).put("text", "fire and forget"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isEqualTo(new JsonObject().put("sent", 15));
          both.flag();
        })));
  }

  @Test
  void sendsBinaryData(Vertx vertx, VertxTestContext ctx) {
    probe.next().onComplete(ctx.succeeding(p -> ctx.verify(() -> {
      assertThat(p.data().getBytes()).isEqualTo(new byte[] {0, (byte) 0xff, 7});
      ctx.completeNow();
    })));
    vertx.eventBus().send(UdpAddresses.SEND, to(probe.port()).put("data", "AP8H"));
  }

  @Test
  void awaitsTheReplyOfTheGreetListener(Vertx vertx, VertxTestContext ctx) {
    int greet = udp.ports().get("greet");
    vertx.eventBus().<JsonObject>request(UdpAddresses.SEND, to(greet).put("text", "Sarah").put("awaitReply", true))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body().getString("text")).isEqualTo("Hello, Sarah!");
          assertThat(reply.body().getString("sender")).isEqualTo("127.0.0.1:" + greet);
          assertThat(reply.body().getInteger("attempts")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void failsWithNoReplyAfterEveryRetryTimesOut(Vertx vertx, VertxTestContext ctx) {
    long t0 = System.nanoTime();
    vertx.eventBus().request(UdpAddresses.SEND, to(probe.port()).put("text", "anyone?").put("awaitReply", true)
            .put("timeoutMs", 200).put("retries", 2))
        .transform(result -> {
          if (result.succeeded()) {
            return Future.<DatagramPacket>failedFuture("a reply came from the silent peer: " + result.result().body());
          }
          Throwable err = result.cause();
          ctx.verify(() -> {
            assertThat(err).isInstanceOf(ReplyException.class);
            assertThat(((ReplyException) err).failureCode()).isEqualTo(UdpAddresses.NO_REPLY);
            assertThat(err.getMessage()).contains("no reply from 127.0.0.1:" + probe.port(), "within 200 ms",
                "after 3 attempts", "UDP may lose packets");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(600);
          });
          // the datagram went out three times, each reaching the silent peer
          return probe.next().compose(a -> probe.next()).compose(b -> probe.next());
        })
        .onComplete(ctx.succeeding(third -> ctx.verify(() -> {
          assertThat(third.data().toString()).isEqualTo("anyone?");
          ctx.completeNow();
        })));
  }

  @Test
  void retriesUntilAReplyComes(Vertx vertx, VertxTestContext ctx) {
    // the probe ignores the first datagram (a lost packet) and answers the second.
    probe.next()
        .compose(first -> probe.next())
        .compose(second -> probe.socket().send("pong", second.sender().port(), second.sender().host()))
        .onFailure(ctx::failNow);
    vertx.eventBus().<JsonObject>request(UdpAddresses.SEND, to(probe.port()).put("text", "ping").put("awaitReply", true)
            .put("timeoutMs", 1000).put("retries", 3))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body().getString("text")).isEqualTo("pong");
          assertThat(reply.body().getInteger("attempts")).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void refusesBadRequestsNamingTheField(Vertx vertx, VertxTestContext ctx) {
    Checkpoint four = ctx.checkpoint(4);
    expectBadRequest(vertx, ctx, four, new JsonObject().put("port", 9).put("text", "x"), "'host'");
    expectBadRequest(vertx, ctx, four, new JsonObject().put("host", "127.0.0.1").put("port", 70000).put("text", "x"),
        "'port' must be a whole number from 1 to 65535");
    expectBadRequest(vertx, ctx, four, to(9), "neither a 'text'");
    expectBadRequest(vertx, ctx, four, to(9).put("text", "x").put("timeoutMs", "soon"), "'timeoutMs'");
  }

  private static void expectBadRequest(Vertx vertx, VertxTestContext ctx, Checkpoint done, JsonObject body,
      String message) {
    vertx.eventBus().request(UdpAddresses.SEND, body).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(((ReplyException) err).failureCode()).isEqualTo(UdpAddresses.BAD_REQUEST);
      assertThat(err.getMessage()).contains(message);
      done.flag();
    })));
  }

  @Test
  void unknownHostFailsTheSend(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(UdpAddresses.SEND, new JsonObject().put("host", "no-such-host.invalid").put("port", 9)
            .put("text", "x"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(((ReplyException) err).failureCode()).isEqualTo(UdpAddresses.SEND_FAILED);
          assertThat(err.getMessage()).contains("no-such-host.invalid:9");
          ctx.completeNow();
        })));
  }

  @Test
  void sendIsDeployedWithoutListeners(VertxTestContext ctx) {
    Vertx other = Vertx.vertx();
    other.deployVerticle(new UdpVerticle(), new DeploymentOptions().setConfig(new JsonObject()))
        .compose(id -> other.eventBus().<JsonObject>request(UdpAddresses.SEND,
            to(udp.ports().get("greet")).put("text", "x").put("awaitReply", true)))
        .onFailure(err -> other.close())
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body().getString("text")).isEqualTo("Hello, x!");
          other.close();
          ctx.completeNow();
        })));
  }
}
