package io.netbus.tcp.forward;

import io.netbus.tcp.server.TcpInternals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.function.LongConsumer;

/**
 * One direction of a forwarded connection: bytes read from {@code from} are written to
 * {@code to} unchanged. When {@code to}'s write queue is full, {@code from} is paused until it
 * drains, so at most one write queue plus one read chunk is held per direction whatever the
 * speeds. The end of {@code from}'s input (a FIN, or a TLS peer's close_notify, delivered in order
 * as an empty buffer by {@link TcpInternals#endInBand}) ends {@code to}'s output once the bytes
 * before it are written: a FIN, or a close_notify when {@code to} is TLS; the other direction
 * keeps flowing.
 */
final class Pipe {

  private final NetSocket from;
  private final NetSocket to;
  private final LongConsumer bytes;
  private final boolean halfClose;
  private final Promise<Void> ended = Promise.promise();
  private Future<Void> lastWrite = Future.succeededFuture();

  Pipe(NetSocket from, NetSocket to, boolean halfClose, LongConsumer bytes) {
    this.from = from;
    this.to = to;
    this.halfClose = halfClose;
    this.bytes = bytes;
  }

  /** Completes when the input ended and was passed on (a FIN sent, or the end seen without half-close). */
  Future<Void> ended() {
    return ended.future();
  }

  void start() {
    from.handler(this::onData);
  }

  private void onData(Buffer chunk) {
    if (chunk.length() == 0) {
      onInputEnded();
      return;
    }
    bytes.accept(chunk.length());
    lastWrite = to.write(chunk);
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  /** The peer of {@code from} half-closed: pass the end on once what it sent before is written. */
  private void onInputEnded() {
    if (ended.future().isComplete()) {
      return;
    }
    if (!halfClose) {
      // a leg whose channel netbus cannot reach cannot half-close: this end ends the whole connection
      lastWrite.onComplete(ar -> TcpInternals.closeAfterFlush(to));
      ended.tryComplete();
      return;
    }
    lastWrite.transform(ar -> TcpInternals.shutdownOutput(to)).onComplete(ar -> ended.tryComplete());
  }

  /**
   * The socket {@code from} closed and every chunk it read was handled: the returned future
   * completes when the last of them is written to {@code to}.
   */
  Future<Void> fromEnded() {
    // ended means "passed on": not before the last chunk read is written
    return lastWrite.transform(ar -> Future.<Void>succeededFuture()).onComplete(ar -> ended.tryComplete());
  }
}
