package io.netbus.file.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.util.internal.CleanableDirectBuffer;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The file module's only reach into Vert.x and Netty implementation classes, kept in one place so
 * a Vert.x or Netty upgrade that moves them breaks here (and in {@code FileInternalsTest}) rather
 * than quietly elsewhere. They buy the zero-copy receive path: a socket's channel (to choose its
 * read allocator), a buffer's Netty bytes (to hash, write and release them in place), a direct
 * buffer whose memory we recycle, and promises that complete on the transfer's context.
 */
final class FileInternals {

  private FileInternals() {
  }

  /** The socket's Netty channel config, or null when the socket is not Vert.x's implementation. */
  static ChannelConfig channelConfig(NetSocket socket) {
    return socket instanceof NetSocketInternal s ? s.channelHandlerContext().channel().config() : null;
  }

  /** The Netty buffer a Vert.x buffer wraps (not a copy), or null when it is not Vert.x's implementation. */
  static ByteBuf byteBuf(Buffer buffer) {
    return buffer instanceof BufferImpl b ? b.byteBuf() : null;
  }

  /** A read-only NIO view of a buffer's bytes, without copying them. */
  static ByteBuffer nioView(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf().nioBuffer();
  }

  /** A promise whose future runs its callbacks on {@code context}, whichever thread completes it. */
  static <T> Promise<T> promise(Context context) {
    return ((ContextInternal) context).promise();
  }

  /**
   * An unpooled direct buffer of {@code alloc} whose memory comes from {@code memory} (given the
   * capacity) and goes to {@code onRelease} when the buffer is released.
   */
  static ByteBuf directBuffer(ByteBufAllocator alloc, int initialCapacity, int maxCapacity,
      IntFunction<ByteBuffer> memory, Consumer<ByteBuffer> onRelease) {
    // Created empty, then grown: Netty 4.2.13's constructor allocates through a package-private
    // method that bypasses allocateDirectBuffer(int), while growing still goes through it.
    ByteBuf buf = new UnpooledDirectByteBuf(alloc, 0, maxCapacity) {
      @Override
      protected CleanableDirectBuffer allocateDirectBuffer(int capacity) {
        ByteBuffer buffer = memory.apply(capacity);
        return new CleanableDirectBuffer() {
          @Override
          public ByteBuffer buffer() {
            return buffer;
          }

          @Override
          public void clean() {
            onRelease.accept(buffer);
          }
        };
      }
    };
    return buf.capacity(initialCapacity);
  }

  /** Frees a JDK direct buffer's memory now. */
  @SuppressWarnings("deprecation") // the JDK Cleaner is what frees a ByteBuffer.allocateDirect buffer now
  static void free(ByteBuffer direct) {
    PlatformDependent.freeDirectBuffer(direct);
  }
}
