package io.netbus.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary for {@link BridgeInternals}: if a Vert.x upgrade renames the consumer implementation or
 * stops calling its discard handler, this fails naming what broke, before the bridge's drop
 * counting goes quietly blind.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class BridgeInternalsTest {

  @Test
  void aPausedFullConsumerReportsEachDroppedMessage(Vertx vertx, VertxTestContext ctx) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(new MessageConsumerOptions()
        .setAddress("netbus.test.internals").setMaxBufferedMessages(1));
    consumer.handler(m -> ctx.failNow("a paused consumer delivered " + m.body()));
    Checkpoint dropped = ctx.checkpoint(2);
    boolean hooked = BridgeInternals.onDiscard(consumer, m -> dropped.flag());
    ctx.verify(() -> assertThat(hooked)
        .as("Vert.x's event-bus consumer is no longer io.vertx.core.eventbus.impl.MessageConsumerImpl: "
            + "BridgeInternals.onDiscard cannot count dropped messages; update it for this Vert.x version")
        .isTrue());
    consumer.pause();
    consumer.completion().onComplete(ctx.succeeding(v -> {
      for (int i = 0; i < 3; i++) {
        vertx.eventBus().send("netbus.test.internals", i); // one buffered, two dropped
      }
    }));
  }
}
