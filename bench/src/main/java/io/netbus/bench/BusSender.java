package io.netbus.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How the bus bench's messages leave: over the local (or clustered) event bus, or as frames to a
 * TCP event-bus bridge. What comes back is reported to the {@link BusLoad} that drives the run.
 */
interface BusSender {

  /** Sends a request whose reply (or failure) the load hears about as {@code seq}. */
  void request(long seq, JsonObject body);

  /** Publishes; the delivery comes back to the load by the {@code seq} in the body. */
  void publish(JsonObject body);

  Future<Void> close();
}
