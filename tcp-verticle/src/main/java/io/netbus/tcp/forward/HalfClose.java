package io.netbus.tcp.forward;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * TEMPORARY home of the half-close internals until they join the module's adapter class.
 * Vert.x's NetSocket has no half-close: a peer's FIN closes the whole socket. These reach the
 * Netty channel to keep the socket open after a FIN, to hand the FIN over in order with the
 * data (an empty buffer, which a TCP read never produces), and to send a FIN of our own.
 */
final class HalfClose {

  private static final String HANDLER = "netbus-end-in-band";
  /** Vert.x's own handler at the end of the pipeline (see NetSocketInternal#channelHandlerContext). */
  private static final String VERTX_HANDLER = "handler";

  private HalfClose() {
  }

  /**
   * Keeps {@code socket} open after the peer's FIN and delivers the FIN to the socket's data
   * handler as an empty buffer, behind every byte that came before it (also while paused).
   * Returns false (and changes nothing) when the channel cannot be reached or is TLS.
   */
  static boolean endInBand(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal internal) || socket.isSsl()) {
      return false;
    }
    ChannelHandlerContext ctx = internal.channelHandlerContext();
    Channel channel = ctx.channel();
    if (!(channel instanceof DuplexChannel) || channel.pipeline().get(VERTX_HANDLER) == null) {
      return false;
    }
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addBefore(VERTX_HANDLER, HANDLER, new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext c, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
          c.fireChannelRead(Unpooled.EMPTY_BUFFER);
          c.fireChannelReadComplete();
        }
        super.userEventTriggered(c, evt);
      }
    });
    return true;
  }

  /** Sends a FIN on {@code socket} (its writes so far must be complete); the reading side stays open. */
  static Future<Void> shutdownOutput(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal internal)
        || !(internal.channelHandlerContext().channel() instanceof DuplexChannel channel)) {
      return socket.close();
    }
    Promise<Void> done = Promise.promise();
    channel.shutdownOutput().addListener(f -> {
      if (f.isSuccess()) {
        done.complete();
      } else {
        done.fail(f.cause());
      }
    });
    return done.future();
  }
}
