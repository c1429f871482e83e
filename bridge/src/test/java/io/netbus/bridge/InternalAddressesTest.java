package io.netbus.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** netbus.internal. is out of every client's reach, even under rules of ".*"; internal headers never pass. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class InternalAddressesTest {

  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    BridgeVerticle bridge = new BridgeVerticle();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("inbound", new JsonArray().add(".*")).put("outbound", new JsonArray().add(".*"));
    vertx.deployVerticle(bridge, new DeploymentOptions().setConfig(config))
        .onComplete(ctx.succeeding(id -> {
          port = bridge.actualPort();
          ctx.completeNow();
        }));
  }

  @Test
  void internalAddressesAreDeniedWhateverTheRules(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer("netbus.internal.tcp.chat.fanout", m -> ctx.failNow("a client reached " + m.address()));
    FrameReader.connect(vertx, port).compose(c -> c.write(new JsonObject().put("type", "publish")
                .put("address", "netbus.internal.tcp.chat.fanout").put("body", "forged")).next()
            .compose(f1 -> c.write(new JsonObject().put("type", "register")
                .put("address", "netbus.internal.tcp.chat.out.x")).next().map(f2 -> new JsonArray().add(f1).add(f2))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            assertThat(all.getJsonObject(i).getString("type")).isEqualTo("err");
            assertThat(all.getJsonObject(i).getString("message")).isEqualTo("access_denied");
          }
          ctx.completeNow();
        })));
  }

  @Test
  void internalHeadersFromAClientAreDropped(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<String>consumer("netbus.test.headers", m -> ctx.verify(() -> {
      assertThat(m.headers().get("k")).isEqualTo("v");
      assertThat(m.headers().names()).noneMatch(h -> h.toLowerCase().startsWith("netbus.internal."));
      ctx.completeNow();
    })).completion()
        .compose(v -> FrameReader.connect(vertx, port))
        .onComplete(ctx.succeeding(c -> c.write(new JsonObject().put("type", "publish").put("address", "netbus.test.headers")
            .put("headers", new JsonObject().put("k", "v").put("netbus.internal.o", "forged")
                .put("NETBUS.INTERNAL.x", "forged"))
            .put("body", "hi"))));
  }
}
