package io.netbus.file.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary for {@link FileInternals}: each test names the Vert.x/Netty implementation detail the
 * zero-copy receive path relies on, so an upgrade that breaks one fails here with that name
 * instead of silently falling back to copies (or leaking direct memory).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class FileInternalsTest {

  @Test
  void buffersExposeTheirNettyBytesWithoutCopying() {
    Buffer buffer = Buffer.buffer("hello");
    ByteBuf raw = FileInternals.byteBuf(buffer);
    assertThat(raw).as("Buffer.buffer() is no longer io.vertx.core.buffer.impl.BufferImpl: update FileInternals.byteBuf")
        .isNotNull();
    raw.setByte(0, 'j');
    assertThat(buffer.toString()).as("BufferImpl.byteBuf() no longer returns the buffer's own bytes").isEqualTo("jello");
    ByteBuffer view = FileInternals.nioView(buffer);
    byte[] read = new byte[view.remaining()];
    view.get(read);
    assertThat(new String(read, StandardCharsets.US_ASCII)).isEqualTo("jello");
  }

  @Test
  void recyclableDirectBuffersHandTheirMemoryBack() {
    ByteBuffer memory = ByteBuffer.allocateDirect(64);
    AtomicReference<ByteBuffer> released = new AtomicReference<>();
    ByteBuf buf = FileInternals.directBuffer(UnpooledByteBufAllocator.DEFAULT, 64, 64, capacity -> memory, released::set);
    buf.writeInt(42);
    assertThat(buf.isDirect()).isTrue();
    buf.release();
    assertThat(released.get())
        .as("Netty no longer calls CleanableDirectBuffer.clean() on release: DirectReceive's free list would leak")
        .isSameAs(memory);
  }

  @Test
  void contextPromisesCallBackOnTheirContext(Vertx vertx, VertxTestContext ctx) {
    Context context = vertx.getOrCreateContext();
    Promise<String> promise = FileInternals.promise(context);
    promise.future().onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(Vertx.currentContext())
          .as("a ContextInternal promise no longer calls back on its context").isSameAs(context);
      ctx.completeNow();
    })));
    new Thread(() -> promise.complete("done")).start();
  }

  @Test
  void socketsExposeTheirChannelConfig(Vertx vertx, VertxTestContext ctx) {
    NetServer server = vertx.createNetServer().connectHandler(socket -> ctx.verify(() -> {
      assertThat(FileInternals.channelConfig(socket))
          .as("NetSocket is no longer io.vertx.core.internal.net.NetSocketInternal: update FileInternals.channelConfig")
          .isNotNull();
      ctx.completeNow();
    }));
    server.listen(0, "127.0.0.1")
        .compose(s -> vertx.createNetClient().connect(s.actualPort(), "127.0.0.1"))
        .onFailure(ctx::failNow);
  }
}
