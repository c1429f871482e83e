package io.netbus.tcp.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place tcp-verticle touches Vert.x internals ({@link NetSocketInternal}, the Netty
 * channel under a socket). Vert.x's public API has no half-close, no close that skips the flush,
 * and no way to queue a task behind the reads it hands over; these do it on the channel. The
 * forwarder ({@code io.netbus.tcp.forward}) uses the public ones to carry a half-close through.
 * Every socket put in half-closed mode also gets {@link #keepEpollRegistration}, the work-around
 * for a Netty epoll bug that otherwise truncates what is written after the peer's FIN.
 * When an upgrade changes the internals, {@code TcpInternalsTest} fails naming what broke; at run
 * time every method degrades to the public API (a half-closing client is then closed at its FIN).
 */
public final class TcpInternals {

  private static final Logger LOG = LoggerFactory.getLogger(TcpInternals.class);
  private static final String HALF_CLOSE_HANDLER = "netbus-half-close";
  private static final String END_IN_BAND_HANDLER = "netbus-end-in-band";
  /** Vert.x's own handler at the end of the pipeline (see NetSocketInternal#channelHandlerContext). */
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
    keepEpollRegistration(channel);
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

  /**
   * Hands the end of the peer's output to the socket's data handler as an empty buffer (a read
   * never yields one), behind every byte that came before it, also while the socket is paused.
   * On a plain socket that end is the peer's FIN, and the socket stays open after it. On a TLS
   * socket it is the peer's close_notify (its TLS half-close); a TCP FIN there still closes the
   * socket, as a TLS peer closes with close_notify first and a bare FIN may be a truncation.
   * Returns false, changing nothing, when the channel cannot be reached.
   */
  public static boolean endInBand(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal internal)) {
      return false;
    }
    Channel channel = internal.channelHandlerContext().channel();
    if (!(channel instanceof DuplexChannel) || channel.pipeline().get(VERTX_HANDLER) == null) {
      return false;
    }
    boolean tls = channel.pipeline().get(SslHandler.class) != null;
    if (tls != socket.isSsl()) {
      return false; // a TLS socket whose SslHandler is not where Netty puts it: leave it alone
    }
    if (!tls) {
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }
    // also for TLS: the socket now stays open for reading after it sent its own close_notify
    keepEpollRegistration(channel);
    channel.pipeline().addBefore(VERTX_HANDLER, END_IN_BAND_HANDLER, new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // SslHandler fires the close event after the data decoded before the close_notify
        boolean ended = tls ? evt instanceof SslCloseCompletionEvent close && close.isSuccess()
            : evt instanceof ChannelInputShutdownEvent;
        if (ended) {
          ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
          ctx.fireChannelReadComplete();
        }
        super.userEventTriggered(ctx, evt);
      }
    });
    return true;
  }

  /**
   * Ends {@code socket}'s output once every byte written to it so far is written; its reading
   * side stays open. On a plain socket that is a FIN; on a TLS socket a close_notify (Netty's
   * {@link SslHandler#closeOutbound()}), after which the TLS peer may still answer. Without access
   * to the channel it closes the socket instead.
   */
  public static Future<Void> shutdownOutput(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal internal)
        || !(internal.channelHandlerContext().channel() instanceof DuplexChannel channel)) {
      return socket.close();
    }
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (socket.isSsl() && ssl == null) {
      return socket.close();
    }
    // Netty's shutdownOutput (like close, and the TLS engine once closed) fails whatever is still
    // in the channel's outbound buffer: end the output only once everything before it is out.
    return afterWritten(socket).compose(v -> {
      Promise<Void> done = Promise.promise();
      ChannelFuture end = ssl != null ? ssl.closeOutbound() : channel.shutdownOutput();
      end.addListener(f -> {
        if (f.isSuccess()) {
          done.complete();
        } else {
          done.fail(f.cause());
        }
      });
      return done.future();
    });
  }

  /**
   * Closes {@code socket} once every byte written to it so far is written (Vert.x's close also
   * flushes first; this makes the order explicit for callers that chain on it).
   */
  public static Future<Void> closeAfterFlush(NetSocket socket) {
    return afterWritten(socket).compose(v -> socket.close());
  }

  /**
   * Completes (on the socket's context) once the writes issued on {@code socket} before it are
   * done, failed or dropped. It goes through Vert.x's own write path: while the channel is not
   * writable Vert.x holds writes in its own queue, and a write straight to the Netty channel
   * would overtake them.
   */
  private static Future<Void> afterWritten(NetSocket socket) {
    return socket.write(Buffer.buffer()).recover(err -> Future.succeededFuture());
  }

  /**
   * Works around Netty 4.2.13–4.2.15's epoll transport, which removes a channel's fd from epoll
   * once its interest set becomes empty, yet still modifies (instead of re-adding) the fd
   * afterwards: that fails with ENOENT, and Netty then fails the pending writes and shuts the
   * output. A half-closed channel gets there as soon as the peer's FIN is read (reading and
   * read-hangup interest are dropped) while nothing waits to be written; its next write that
   * fills the socket buffer then loses the rest of the stream. EPOLLERR, which epoll reports
   * whether asked or not, is added to the interest set, which Netty never removes, so the set is
   * never empty. Returns false when the channel is an epoll one and this could not be done
   * (logged once per channel); true otherwise (also for NIO, which has no such problem).
   */
  static boolean keepEpollRegistration(Channel channel) {
    Class<?> epollChannel = epollClass(channel, "io.netty.channel.epoll.AbstractEpollChannel");
    if (epollChannel == null || !epollChannel.isInstance(channel)) {
      return true;
    }
    try {
      Method setFlag = epollChannel.getDeclaredMethod("setFlag", int.class);
      setFlag.setAccessible(true);
      int epollErr = epollClass(channel, "io.netty.channel.epoll.Native").getField("EPOLLERR").getInt(null);
      if (channel.eventLoop().inEventLoop()) {
        setFlag.invoke(channel, epollErr);
      } else {
        channel.eventLoop().execute(() -> invokeQuietly(setFlag, channel, epollErr));
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot keep the epoll registration of {} (a half-closed connection may lose bytes): {}", channel,
          e.toString());
      return false;
    }
  }

  private static void invokeQuietly(Method setFlag, Channel channel, int flag) {
    try {
      setFlag.invoke(channel, flag);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot keep the epoll registration of {}: {}", channel, e.toString());
    }
  }

  private static Class<?> epollClass(Channel channel, String name) {
    try {
      return Class.forName(name, false, channel.getClass().getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
