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
 * written back. Up to {@code maxInFlight} requests of one connection are in flight at once and
 * their replies are written in the order of the messages; at the limit the connection is held,
 * which stops it reading and stops handing over the rest of the current read chunk (so a 64 KiB
 * chunk of empty lines is {@code maxInFlight} requests, not 65,536). A failed or timed-out request
 * writes {@code error: ...} to that client only; the connection stays usable.
 */
public final class BusService implements Service {

  private static final Logger LOG = LoggerFactory.getLogger(BusService.class);

  private final EventBus bus;
  private final String address;
  private final int timeoutMs;
  private final int maxInFlight;
  private final DeliveryOptions options;

  public BusService(EventBus bus, String address, int timeoutMs, int maxInFlight) {
    this.bus = bus;
    this.address = address;
    this.timeoutMs = timeoutMs;
    this.maxInFlight = maxInFlight;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** One request in flight: its reply, once it came, waits here until the earlier ones are written. */
  private static final class Slot {
    final Buffer terminator;
    Buffer reply;

    Slot(Buffer terminator) {
      this.terminator = terminator;
    }
  }

  private static final class State {
    final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    boolean held;
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
    Slot slot = new Slot(connection.terminator());
    state.inFlight.add(slot);
    connection.replyPending();
    if (state.inFlight.size() >= maxInFlight && !state.held) {
      state.held = true;
      connection.hold();
    }
    JsonObject body = Payload.put(new JsonObject()
        .put(TcpAddresses.LISTENER, connection.listenerName())
        .put(TcpAddresses.CONNECTION, connection.id())
        .put(TcpAddresses.REMOTE, connection.remote()), message);
    bus.request(address, body, options).onComplete(ar -> {
      slot.reply = ar.succeeded() ? replyBytes(ar.result()) : errorLine(ar.cause());
      writeReady(connection, state);
    });
  }

  /** Writes the replies that are next in order; releases the connection once below the limit. */
  private void writeReady(ServiceContext connection, State state) {
    Slot head;
    while ((head = state.inFlight.peek()) != null && head.reply != null) {
      state.inFlight.poll();
      if (connection.isOpen()) {
        connection.reply(head.reply, head.terminator);
      }
      connection.replyDone();
    }
    if (state.held && state.inFlight.size() < maxInFlight) {
      state.held = false;
      connection.release();
    }
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
