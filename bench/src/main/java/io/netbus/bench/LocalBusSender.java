package io.netbus.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The bus bench in-process: a consumer on {@code consumerSide} (the same Vert.x, or the other of
 * two clustered nodes) answers each request or hands each publication back to the load; requests
 * and publications leave from {@code vertx}'s bus.
 */
final class LocalBusSender implements BusSender {

  private final EventBus bus;
  private final String address;
  private final BusLoad load;
  private final MessageConsumer<JsonObject> consumer;

  private LocalBusSender(Vertx consumerSide, Vertx vertx, String address, boolean publish, BusLoad load) {
    this.bus = vertx.eventBus();
    this.address = address;
    this.load = load;
    this.consumer = consumerSide.eventBus().consumer(address, msg -> {
      if (publish) {
        load.onBack(msg.body().getLong("seq"), msg.body());
      } else {
        msg.reply(msg.body());
      }
    });
  }

  /** Registers the consumer; the sender is ready once the registration is. */
  static Future<BusSender> start(Vertx consumerSide, Vertx vertx, String address, boolean publish, BusLoad load) {
    LocalBusSender sender = new LocalBusSender(consumerSide, vertx, address, publish, load);
    return sender.consumer.completion().map(v -> sender);
  }

  @Override
  public void request(long id, JsonObject body) {
    bus.<JsonObject>request(address, body)
        .onSuccess(reply -> load.onBack(id, reply.body()))
        .onFailure(err -> load.onFailed(id, err.getMessage()));
  }

  @Override
  public void publish(JsonObject body) {
    bus.publish(address, body);
  }

  @Override
  public Future<Void> close() {
    return consumer.unregister();
  }
}
