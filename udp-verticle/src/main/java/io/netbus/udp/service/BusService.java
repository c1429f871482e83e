package io.netbus.udp.service;

import io.netbus.contract.Payload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code {"address": ...}}: each datagram is a bus request {@code {listener, sender, text|data}};
 * the reply's {@code text}/{@code data} goes back to the sender. A reply without a payload, a
 * failure, a timeout or no consumer at all: nothing is sent (UDP has no way to say "no answer"),
 * and the reason is logged at debug.
 */
public final class BusService implements UdpService {

  private static final Logger LOG = LoggerFactory.getLogger(BusService.class);

  private final EventBus bus;
  private final String address;
  private final DeliveryOptions options;

  public BusService(EventBus bus, String address, long timeoutMs) {
    this.bus = bus;
    this.address = address;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  @Override
  public Future<Buffer> answer(Datagram datagram) {
    return bus.<Object>request(address, datagram.body(), options)
        .map(this::replyBytes)
        .otherwise(err -> {
          LOG.debug("udp {}: no answer for the datagram from {}: {} gave {}", datagram.listener(),
              Datagram.format(datagram.sender()), address, err.getMessage());
          return null;
        });
  }

  private Buffer replyBytes(Message<Object> reply) {
    if (reply.body() instanceof JsonObject body && Payload.present(body)) {
      try {
        return Payload.bytes(body);
      } catch (IllegalArgumentException e) {
        LOG.debug("udp: reply from {} dropped: {}", address, e.getMessage());
        return null;
      }
    }
    LOG.debug("udp: reply from {} has no text or data: nothing sent", address);
    return null;
  }
}
