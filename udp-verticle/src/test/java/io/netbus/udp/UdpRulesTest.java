package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-listener {@code allow}/{@code deny} (refused datagrams dropped, counted) and {@code udp.targets} (403). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UdpRulesTest {

  private UdpVerticle udp;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    udp = new UdpVerticle();
    JsonObject config = new JsonObject()
        .put("targets", new JsonArray().add("127.0.0.1"))
        .put("listeners", new JsonArray()
            .add(new JsonObject().put("name", "denied").put("port", 0).put("service", "greet")
                .put("deny", new JsonArray().add("127.0.0.0/8")))
            .add(new JsonObject().put("name", "allowed").put("port", 0).put("service", "greet")
                .put("allow", new JsonArray().add("127.0.0.1")).put("deny", new JsonArray().add("10.0.0.0/8"))));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config)).onComplete(ctx.succeedingThenComplete());
  }

  private JsonObject greet(String listener) {
    return new JsonObject().put("host", "127.0.0.1").put("port", udp.ports().get(listener)).put("text", "Sarah")
        .put("awaitReply", true).put("timeoutMs", 300).put("retries", 0);
  }

  @Test
  void deniedSenderGetsNothingAllowedSenderIsAnswered(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>request(UdpAddresses.SEND, greet("allowed"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() ->
            assertThat(reply.body().getString("text")).isEqualTo("Hello, Sarah!"))))
        .compose(ok -> vertx.eventBus().<JsonObject>request(UdpAddresses.SEND, greet("denied")))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(((ReplyException) err).failureCode()).isEqualTo(UdpAddresses.NO_REPLY);
          ctx.completeNow();
        })));
  }

  @Test
  void sendOutsideTargetsFails403NamingTheTarget(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().request(UdpAddresses.SEND, new JsonObject().put("host", "10.1.2.3").put("port", 53).put("text", "x"))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(((ReplyException) err).failureCode()).isEqualTo(403);
          assertThat(err.getMessage()).contains("10.1.2.3:53 is not among udp.targets");
          ctx.completeNow();
        })));
  }
}
