package io.netbus.tcp.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The only place tcp-verticle touches Vert.x internals ({@link NetSocketInternal}, the Netty
 * channel under a socket). Vert.x's public API has no half-close, no close that skips the flush,
 * and no way to queue a task behind the reads it hands over; these three do it on the channel.
 * When an upgrade changes the internals, {@code TcpInternalsTest} fails naming what broke; at run
 * time every method degrades to the public API (a half-closing client is then closed at its FIN).
 */
final class TcpInternals {

  private static final String HALF_CLOSE_HANDLER = "netbus-half-close";
  /** The name Vert.x gives its connection handler, the last in the pipeline. */
  private static final String VERTX_HANDLER = "handler";

  private TcpInternals() {
  }

  /** True when {@code socket} exposes its Netty channel (a Vert.x whose internals netbus knows). */
  static boolean supported(NetSocket socket) {
    return socket instanceof NetSocketInternal;
  }

  /**
   * Keeps the socket open after the client's FIN and runs {@code onInputShutdown} (on the
   * socket's event loop) when it arrives, so the replies still due can be written. Returns false
   * when the socket's channel cannot be reached.
   */
  static boolean allowHalfClosure(NetSocket socket, Runnable onInputShutdown) {
    if (!(socket instanceof NetSocketInternal internal)) {
      return false;
    }
    Channel channel = internal.channelHandlerContext().channel();
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    ChannelInboundHandlerAdapter watcher = new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // a TLS client's close_notify is its FIN: the TLS layer's own events come from "ssl",
        // so this handler sits behind it, just in front of Vert.x's handler
        if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
          onInputShutdown.run();
        }
        super.userEventTriggered(ctx, evt);
      }
    };
    if (channel.pipeline().get(VERTX_HANDLER) != null) {
      channel.pipeline().addBefore(VERTX_HANDLER, HALF_CLOSE_HANDLER, watcher);
    } else {
      channel.pipeline().addFirst(HALF_CLOSE_HANDLER, watcher);
    }
    return true;
  }

  /**
   * Closes the channel at once, discarding queued writes: below Vert.x's handler, whose close()
   * flushes first (as its idle timeout does). Deferred, since callers may be iterating over a
   * listener's connections.
   */
  static void closeNow(NetSocket socket) {
    if (socket instanceof NetSocketInternal internal) {
      ChannelHandlerContext ctx = internal.channelHandlerContext();
      ctx.executor().execute(ctx::close);
    } else {
      socket.close();
    }
  }

  /**
   * Runs {@code task} on the socket's event loop behind the tasks already queued there (such as
   * the one in which Vert.x hands over the chunks it held while reading was paused).
   */
  static void runLater(NetSocket socket, Vertx vertx, Runnable task) {
    if (socket instanceof NetSocketInternal internal) {
      internal.channelHandlerContext().executor().execute(task);
    } else {
      vertx.getOrCreateContext().runOnContext(v -> task.run());
    }
  }
}
