package io.netbus.security;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.Future;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The only place the security module touches Vert.x internals ({@link NetSocketInternal}, the
 * Netty pipeline under a socket). Vert.x's TLS server runs the handshake before its connect
 * handler, so network rules could only be applied after bytes were exchanged, and its handshake
 * errors carry no peer address; {@code NetSocket.upgradeToSsl} installs its handler
 * asynchronously, so a ClientHello read in between would reach the application as plaintext.
 * This installs Netty's {@link SslHandler} synchronously from the connect handler (Vert.x has not
 * read from the channel yet) at the head of the pipeline, where Vert.x itself puts it: Vert.x then
 * reports the socket as TLS ({@code isSsl}, {@code peerCertificates}) and avoids zero-copy file
 * regions on it (writing chunks through the {@link ChunkedWriteHandler} added here), as for its
 * own TLS sockets. It also sends files over TLS sockets in larger chunks than Vert.x's
 * {@code sendFile} (8 KiB, one flush and one write system call each).
 */
final class ServerTlsAdapter {

  static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  private ServerTlsAdapter() {
  }

  /** True when sockets of this Vert.x can be given a TLS handler here. */
  static boolean supported(NetSocket socket) {
    return socket instanceof NetSocketInternal;
  }

  /**
   * Starts a server-side handshake on {@code socket}; {@code done} gets null on success or the
   * failure, on the socket's event loop.
   */
  static void startHandshake(NetSocket socket, SslContext context, Consumer<Throwable> done) {
    ChannelHandlerContext ctx = ((NetSocketInternal) socket).channelHandlerContext();
    SslHandler handler = context.newHandler(ctx.alloc());
    handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
    ctx.pipeline().addFirst("ssl", handler);
    if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
      // what Vert.x adds for its own TLS sockets: sendFile then writes chunks, not a file region TLS cannot carry
      ctx.pipeline().addAfter("ssl", "chunkedWriter", new ChunkedWriteHandler());
    }
    handler.handshakeFuture().addListener(f -> done.accept(f.isSuccess() ? null : f.cause()));
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code offset} through the socket's TLS
   * handler in chunks of {@code chunk} bytes, each read when the channel is writable (the
   * {@link ChunkedWriteHandler} waits for the peer), each flushed as full TLS records. Behind the
   * writes queued before it, like {@code sendFile}. Opens the file on the caller's thread, as
   * {@code sendFile} does.
   */
  static Future<Void> sendFile(NetSocket socket, Path file, long offset, long length, int chunk) {
    if (!socket.isSsl() || !supported(socket)
        || ((NetSocketInternal) socket).channelHandlerContext().pipeline().get(ChunkedWriteHandler.class) == null) {
      return socket.sendFile(file.toString(), offset, length); // plaintext: zero-copy
    }
    NetSocketInternal internal = (NetSocketInternal) socket;
    FileChannel channel;
    ChunkedNioFile input;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      long size = channel.size();
      long from = Math.min(offset, size);
      input = new ChunkedNioFile(channel, from, Math.min(length, size - from), chunk);
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
    // the chunked input closes the channel at its end; on a failed write it may not have started
    return internal.writeMessage(input).andThen(ar -> {
      try {
        input.close();
      } catch (Exception ignored) {
        // already closed at the end of input
      }
    });
  }
}
