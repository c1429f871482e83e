package io.netbus.file.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer behind every received file: bytes land in order and hash to what was sent, however
 * the stream is chopped and however often the writer pushes back; a disk that refuses the data
 * fails the transfer with the disk's own words instead of hanging or reporting success.
 */
@ExtendWith(VertxExtension.class)
class HashingWriterTest {

  /** Chunks of every size from 1 byte to a little over a batch, written with backpressure honoured. */
  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void writesAndHashesEveryChunkInOrderUnderBackpressure(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    byte[] data = new byte[(int) (HashingWriter.HIGH_WATER * 3 + 12_345)];
    new Random(42).nextBytes(data);
    Path file = dir.resolve("out.bin");
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> HashingWriter.open(vertx, file, 0, Sha256.newDigest())
        .onFailure(test::failNow)
        .onSuccess(writer -> new Feeder(writer, data, new Random(7)).next(test, () -> writer.finish()
            .onComplete(test.succeeding(hex -> test.verify(() -> {
              assertThat(Files.readAllBytes(file)).isEqualTo(data);
              assertThat(hex).isEqualTo(sha256(data));
              test.completeNow();
            }))))));
  }

  /** /dev/full: every write fails with ENOSPC, as on a full disk. */
  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aFullDiskFailsTheTransferWithTheDisksError(Vertx vertx, VertxTestContext test) {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full");
    byte[] data = new byte[3 << 20];
    vertx.getOrCreateContext().runOnContext(v -> HashingWriter.open(vertx, full, 0, Sha256.newDigest())
        .onFailure(test::failNow)
        .onSuccess(writer -> {
          for (int i = 0; i < data.length; i += 64 << 10) {
            writer.write(Buffer.buffer().appendBytes(data, i, 64 << 10));
          }
          writer.finish().onComplete(test.failing(err -> test.verify(() -> {
            assertThat(err).hasMessageContaining("No space left on device");
            assertThat(writer.failure()).isSameAs(err);
            test.completeNow();
          })));
        }));
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** Writes random-sized slices until the writer is full, then waits for its drain handler. */
  private static final class Feeder {
    private final HashingWriter writer;
    private final byte[] data;
    private final Random sizes;
    private int sent;

    Feeder(HashingWriter writer, byte[] data, Random sizes) {
      this.writer = writer;
      this.data = data;
      this.sizes = sizes;
    }

    void next(VertxTestContext test, Runnable whenDone) {
      while (sent < data.length) {
        int n = Math.min(data.length - sent, 1 + sizes.nextInt(HashingWriter.BATCH + 1000));
        writer.write(Buffer.buffer().appendBytes(data, sent, n));
        sent += n;
        if (writer.failure() != null) {
          test.failNow(writer.failure());
          return;
        }
        if (writer.full()) {
          writer.drainHandler(v -> next(test, whenDone));
          return;
        }
      }
      whenDone.run();
    }
  }
}
