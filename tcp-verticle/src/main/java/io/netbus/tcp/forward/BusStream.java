package io.netbus.tcp.forward;

import io.netbus.tcp.server.TcpInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a {@code via} stream: a local socket joined to the other node's side over the
 * event bus ({@link ViaProtocol}). Reading the socket stops while {@link ViaProtocol#WINDOW}
 * bytes are unacknowledged; bytes from the bus are written to the socket and acknowledged once
 * its write queue has room, so a slow end slows the other and nothing grows without bound. A
 * half-close travels as an end message; a ping that fails (the other node left) closes the
 * socket.
 */
final class BusStream {

  private static final Logger LOG = LoggerFactory.getLogger(BusStream.class);

  private final Vertx vertx;
  private final EventBus bus;
  private final String id;
  private final NetSocket socket;
  private final String peer;
  private final boolean halfClose;
  private final MessageConsumer<Buffer> inbox;
  private final Runnable onClosed;
  private long unacked;
  private long creditDue;
  private boolean pausedForCredit;
  private boolean sentEnd;
  private boolean gotEnd;
  private boolean closed;
  private boolean pinging;
  private long pinger = -1;
  private Future<Void> lastWrite = Future.succeededFuture();

  /**
   * Registers this side's inbox at once (see {@link #registered()}); the socket is not read until
   * {@link #start()}.
   *
   * @param inbox this side's address; {@code peer} the other side's
   */
  BusStream(Vertx vertx, String id, NetSocket socket, boolean halfClose, String inbox, String peer,
      Runnable onClosed) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.id = id;
    this.socket = socket;
    this.halfClose = halfClose;
    this.peer = peer;
    this.onClosed = onClosed;
    this.inbox = bus.consumer(inbox, this::onBus);
    socket.pause();
    socket.handler(this::onSocketData);
    // endHandler, not closeHandler: it comes after the last chunk read before the close was sent on
    socket.endHandler(v -> close(true));
    socket.drainHandler(v -> returnCredit());
    socket.exceptionHandler(err -> LOG.debug("via stream {}: socket failed", id, err));
  }

  /** Completes when the inbox can receive (before the other side is told it may send). */
  Future<Void> registered() {
    return inbox.completion();
  }

  /** Starts reading the socket and pinging the other side. */
  void start() {
    if (closed) {
      return;
    }
    pinger = vertx.setPeriodic(ViaProtocol.PING_EVERY_MS, t -> ping());
    socket.resume();
  }

  /** Closes the socket without telling the other side (it never learnt of this stream). */
  void abort() {
    closed = true;
    inbox.unregister();
    socket.close();
  }

  private void onSocketData(Buffer chunk) {
    if (chunk.length() == 0) {
      sentEnd = true;
      bus.send(peer, Buffer.buffer(), kind(ViaProtocol.END));
      closeIfBothEnded();
      return;
    }
    unacked += chunk.length();
    bus.send(peer, chunk, kind(ViaProtocol.DATA));
    if (unacked >= ViaProtocol.WINDOW && !pausedForCredit) {
      pausedForCredit = true;
      socket.pause();
    }
  }

  private void onBus(Message<Buffer> message) {
    String kind = message.headers().get(ViaProtocol.KIND);
    if (kind == null || closed) {
      return;
    }
    switch (kind) {
      case ViaProtocol.DATA -> {
        Buffer data = message.body();
        lastWrite = socket.write(data);
        creditDue += data.length();
        returnCredit();
      }
      case ViaProtocol.CREDIT -> {
        unacked -= Long.parseLong(message.headers().get(ViaProtocol.BYTES));
        if (pausedForCredit && unacked < ViaProtocol.WINDOW) {
          pausedForCredit = false;
          socket.resume();
        }
      }
      case ViaProtocol.END -> lastWrite.transform(ar -> halfClose ? TcpInternals.shutdownOutput(socket)
          : socket.close()).onComplete(ar -> {
            gotEnd = true; // only once the bytes before the end are out
            closeIfBothEnded();
          });
      case ViaProtocol.CLOSE -> lastWrite.onComplete(ar -> close(false));
      case ViaProtocol.PING -> message.reply(Buffer.buffer());
      default -> LOG.debug("via stream {}: unknown message kind {}", id, kind);
    }
  }

  /**
   * Credit for the bytes handed to the socket, once its write queue has room (else the drain
   * handler comes back here): the other side never has more than a window outstanding.
   */
  private void returnCredit() {
    if (creditDue == 0 || closed || socket.writeQueueFull()) {
      return;
    }
    bus.send(peer, Buffer.buffer(), kind(ViaProtocol.CREDIT).addHeader(ViaProtocol.BYTES, String.valueOf(creditDue)));
    creditDue = 0;
  }

  private void ping() {
    if (pinging || closed) {
      return;
    }
    pinging = true;
    bus.request(peer, Buffer.buffer(), kind(ViaProtocol.PING).setSendTimeout(ViaProtocol.PING_TIMEOUT_MS))
        .onComplete(ar -> {
          pinging = false;
          if (ar.failed() && !closed) {
            LOG.debug("via stream {}: the other side does not answer ({}); closing", id, ar.cause().getMessage());
            close(false);
          }
        });
  }

  private void closeIfBothEnded() {
    if (sentEnd && gotEnd) {
      close(false); // the other side has seen both ends too, and closes on its own
    }
  }

  /** Closes the socket and the inbox once; {@code tell} sends the other side a close. */
  private void close(boolean tell) {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(pinger);
    if (tell) {
      bus.send(peer, Buffer.buffer(), kind(ViaProtocol.CLOSE));
    }
    // Credit for the last bytes may still be on its way: the inbox stays a while to take it
    // quietly (the bus logs a warning for a message to a consumer that has gone).
    vertx.setTimer(ViaProtocol.LINGER_MS, t -> inbox.unregister());
    socket.close().onComplete(ar -> onClosed.run());
  }

  private static DeliveryOptions kind(String kind) {
    return new DeliveryOptions().addHeader(ViaProtocol.KIND, kind);
  }
}
