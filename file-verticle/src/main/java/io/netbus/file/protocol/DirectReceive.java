package io.netbus.file.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The receiving side of a file body, without the copies Vert.x makes by default. Vert.x hands
 * a socket's data to its handler as a heap copy of each pooled Netty read buffer (and a
 * FileChannel copies heap buffers back into a direct one before writing them): two extra
 * copies and a heap allocation per chunk. Reading into direct buffers of our own allocator
 * instead makes Vert.x hand them on as they are (it copies only its pooled allocators' buffers);
 * the {@link HashingWriter} hashes and writes them in place and releases them ({@link #release}).
 * Full-size read buffers ({@value #MAX_READ} bytes) are recycled through a small shared free list,
 * because a fresh direct buffer costs a zeroing pass and a malloc: at a gigabyte a second that is
 * measurable. Every buffer is a JDK direct buffer with a Cleaner, so one dropped elsewhere (a
 * trailer line, a discarded batch) is still freed by the GC: nothing can leak.
 */
public final class DirectReceive {

  private static final ByteBufAllocator DIRECT = new RecyclingAllocator();
  /**
   * Largest single socket read: fewer syscalls and event-loop turns than Netty's default 64 KiB.
   * Not more: a paused socket still queues up to 16 reads in Vert.x, on top of the writer's 8 MiB.
   */
  static final int MAX_READ = 256 << 10;
  /** Free full-size read buffers kept for reuse, shared by all transfers: at most 12 MiB idle. */
  private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(48);

  private DirectReceive() {
  }

  /**
   * Lets reads grow up to {@value #MAX_READ} bytes. Netty fixes a channel's read sizing at its
   * first read: call as soon as the socket exists (connect handler, connect completion).
   */
  public static void largeReads(NetSocket socket) {
    ChannelConfig config = FileInternals.channelConfig(socket);
    if (config != null) {
      config.setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(512, 64 << 10, MAX_READ));
    }
  }

  /** From now on the socket's data arrives in direct buffers that the receiver owns. Event loop only. */
  public static void start(NetSocket socket) {
    ChannelConfig config = FileInternals.channelConfig(socket);
    if (config != null) {
      config.setAllocator(DIRECT);
    }
  }

  /** Frees a chunk's direct memory now (a heap chunk is left to the GC). The chunk must not be used afterwards. */
  static void release(Buffer chunk) {
    ByteBuf raw = FileInternals.byteBuf(chunk);
    if (raw != null && raw.isDirect() && raw.alloc() == DIRECT && raw.refCnt() > 0) {
      raw.release();
    }
  }

  /** Unpooled in Vert.x's eyes (so never copied), but its full-size direct buffers are reused. */
  private static final class RecyclingAllocator extends AbstractByteBufAllocator {

    RecyclingAllocator() {
      super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return FileInternals.directBuffer(this, initialCapacity, maxCapacity, DirectReceive::memory, DirectReceive::recycle);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  /** A full-size buffer from the free list if there is one, else fresh memory. */
  private static ByteBuffer memory(int capacity) {
    ByteBuffer reused = capacity == MAX_READ ? FREE.poll() : null;
    return reused != null ? reused : ByteBuffer.allocateDirect(capacity);
  }

  /** A released buffer goes back to {@link #FREE} if it is full-size and there is room, else is freed now. */
  private static void recycle(ByteBuffer buffer) {
    buffer.clear();
    if (buffer.capacity() != MAX_READ || !FREE.offer(buffer)) {
      FileInternals.free(buffer);
    }
  }
}
