package io.netbus.bridge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The bridge's only reach into Vert.x implementation classes, kept in one place so a Vert.x
 * upgrade that moves them breaks here (and in {@code BridgeInternalsTest}) rather than quietly
 * elsewhere. Vert.x's public {@link MessageConsumer} has no hook for the messages a paused
 * consumer drops once its buffer is full; its implementation class has one. And a Vert.x TLS
 * server shakes hands before it hands over the connection, while the bridge must refuse a peer
 * by address before any byte, and log a failed handshake with the peer's address: so it serves
 * plain TCP and puts the TLS handler into the connection's Netty pipeline itself, synchronously,
 * before the first read ({@code NetSocket.upgradeToSsl} resolves its context asynchronously and
 * would let the client's hello slip past the handler).
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

  /**
   * Starts server-side TLS on a socket that has read nothing yet; completes (on the socket's
   * event loop) when the handshake is done, after which the socket's handlers see plaintext and
   * {@link NetSocket#peerCertificates()} works.
   */
  static Future<Void> startTls(NetSocket socket, SslContext context, long handshakeTimeoutMs) {
    ChannelHandlerContext chctx = ((NetSocketInternal) socket).channelHandlerContext();
    SslHandler ssl = context.newHandler(chctx.alloc());
    ssl.setHandshakeTimeoutMillis(handshakeTimeoutMs);
    Promise<Void> done = Promise.promise();
    ssl.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        done.tryComplete();
      } else {
        done.tryFail(f.cause());
      }
    });
    chctx.pipeline().addFirst("ssl", ssl);
    return done.future();
  }
}
