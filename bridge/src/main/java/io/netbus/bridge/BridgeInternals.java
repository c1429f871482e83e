package io.netbus.bridge;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;

/**
 * The bridge's only reach into Vert.x implementation classes, kept in one place so a Vert.x
 * upgrade that moves them breaks here (and in {@code BridgeInternalsTest}) rather than quietly
 * elsewhere. Vert.x's public {@link MessageConsumer} has no hook for the messages a paused
 * consumer drops once its buffer is full; its implementation class has one.
 */
final class BridgeInternals {

  private BridgeInternals() {
  }

  /**
   * Calls {@code onDiscard} for each message {@code consumer} drops while paused with a full
   * buffer. Returns false (and does nothing) when the consumer is not Vert.x's implementation.
   */
  static <T> boolean onDiscard(MessageConsumer<T> consumer, Handler<Message<T>> onDiscard) {
    if (consumer instanceof MessageConsumerImpl<T> impl) {
      impl.discardHandler(onDiscard);
      return true;
    }
    return false;
  }
}
