package io.netbus.tcp.service;

import io.netbus.contract.Payload;
import io.netbus.tcp.api.TcpAddresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code {"address": ...}}: each message is a request on the bus
 * ({@code {listener, connection, remote, text|data}}); the reply's {@code text}/{@code data} is
 * written back. Replies keep the order of the messages: one request per connection is in flight
 * and the connection stops reading meanwhile (so the queue holds at most one read chunk's
 * frames). A failed or timed-out request writes {@code error: ...} to that client only; the
 * connection stays usable.
 */
public final class BusService implements Service {

  private static final Logger LOG = LoggerFactory.getLogger(BusService.class);

  private final EventBus bus;
  private final String address;
  private final int timeoutMs;
  private final DeliveryOptions options;

  public BusService(EventBus bus, String address, int timeoutMs) {
    this.bus = bus;
    this.address = address;
    this.timeoutMs = timeoutMs;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  private record Pending(Buffer message, Buffer terminator) {
  }

  private static final class State {
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    boolean inFlight;
  }

  @Override
  public void onOpen(ServiceContext connection) {
    connection.state(new State());
  }

  @Override
  public boolean linesInRaw() {
    return false;
  }

  @Override
  public void onMessage(ServiceContext connection, Buffer message) {
    State state = connection.state();
    Pending p = new Pending(message, connection.terminator());
    if (state.inFlight) {
      state.queue.add(p);
      return;
    }
    state.inFlight = true;
    connection.hold();
    request(connection, state, p);
  }

  private void request(ServiceContext connection, State state, Pending p) {
    JsonObject body = Payload.put(new JsonObject()
        .put(TcpAddresses.LISTENER, connection.listenerName())
        .put(TcpAddresses.CONNECTION, connection.id())
        .put(TcpAddresses.REMOTE, connection.remote()), p.message());
    bus.request(address, body, options).onComplete(ar -> {
      if (connection.isOpen()) {
        connection.reply(ar.succeeded() ? replyBytes(ar.result()) : errorLine(ar.cause()), p.terminator());
      }
      Pending next = state.queue.poll();
      if (next != null && connection.isOpen()) {
        request(connection, state, next);
      } else {
        state.queue.clear();
        state.inFlight = false;
        connection.release();
      }
    });
  }

  private Buffer replyBytes(Message<Object> reply) {
    Object body = reply.body();
    try {
      if (body instanceof JsonObject json) {
        return Payload.bytes(json);
      }
      if (body instanceof String s) {
        return Buffer.buffer(s);
      }
      if (body instanceof Buffer b) {
        return b;
      }
      if (body == null) {
        return Buffer.buffer();
      }
    } catch (IllegalArgumentException e) {
      return Buffer.buffer("error: bad reply from " + address + ": " + e.getMessage());
    }
    return Buffer.buffer("error: bad reply from " + address + ": expected {\"text\": ...} or {\"data\": base64}");
  }

  private Buffer errorLine(Throwable cause) {
    String text;
    if (cause instanceof ReplyException re) {
      text = switch (re.failureType()) {
        case TIMEOUT -> "no reply from " + address + " within " + timeoutMs + " ms";
        case NO_HANDLERS -> "no service on address " + address;
        case RECIPIENT_FAILURE -> re.getMessage() + " (code " + re.failureCode() + ")";
        default -> String.valueOf(re.getMessage());
      };
    } else {
      text = String.valueOf(cause.getMessage());
    }
    LOG.debug("request to {} failed: {}", address, text);
    return Buffer.buffer("error: " + text);
  }
}
