package io.netbus.file.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The receiving side of a file body, without the copies Vert.x makes by default. Vert.x hands
 * a socket's data to its handler as a heap copy of each pooled Netty read buffer (and a
 * FileChannel copies heap buffers back into a direct one before writing them): two extra
 * copies and a heap allocation per chunk. Reading into unpooled direct buffers instead makes
 * Vert.x hand them on as they are; the {@link HashingWriter} hashes and writes them in place and
 * frees them ({@link #release}). They keep a Cleaner, so a buffer dropped elsewhere (a trailer
 * line, a discarded batch) is still freed by the GC: nothing can leak.
 */
public final class DirectReceive {

  /** Direct buffers backed by Cleaner-managed ByteBuffers (tryNoCleaner = false): freed on release or by the GC. */
  private static final ByteBufAllocator DIRECT = new UnpooledByteBufAllocator(true, true, false);
  /**
   * Largest single socket read: fewer syscalls and event-loop turns than Netty's default 64 KiB.
   * Not more: a paused socket still queues up to 16 reads in Vert.x, on top of the writer's 8 MiB.
   */
  static final int MAX_READ = 256 << 10;

  private DirectReceive() {
  }

  /**
   * Lets reads grow up to {@value #MAX_READ} bytes. Netty fixes a channel's read sizing at its
   * first read: call as soon as the socket exists (connect handler, connect completion).
   */
  public static void largeReads(NetSocket socket) {
    if (socket instanceof NetSocketInternal s) {
      s.channelHandlerContext().channel().config()
          .setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(512, 64 << 10, MAX_READ));
    }
  }

  /** From now on the socket's data arrives in direct buffers that the receiver owns. Event loop only. */
  public static void start(NetSocket socket) {
    if (socket instanceof NetSocketInternal s) {
      ChannelConfig config = s.channelHandlerContext().channel().config();
      config.setAllocator(DIRECT);
    }
  }

  /** Frees a chunk's direct memory now (a heap chunk is left to the GC). The chunk must not be used afterwards. */
  static void release(Buffer chunk) {
    if (chunk instanceof BufferImpl b) {
      ByteBuf raw = b.byteBuf();
      if (raw.isDirect() && raw.alloc() == DIRECT && raw.refCnt() > 0) {
        raw.release();
      }
    }
  }
}
