package io.netbus.contract.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A length prefix is a claim, not a promise: decoders that each saw only a prefix must hold only
 * the bytes that arrived. Measured as heap after GC, with 2,000 decoders alive.
 */
class ClaimedLengthHeapTest {

  private static final int DECODERS = 2000;
  private static final int CLAIMED = 60_000;

  @Test
  void prefixesClaimingLargeFramesCostOnlyTheBytesThatArrived() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    List<FrameDecoder> decoders = new ArrayList<>(DECODERS);
    List<Buffer> frames = new ArrayList<>();
    for (int i = 0; i < DECODERS; i++) {
      FrameDecoder decoder = Framing.LENGTH.decoder(65536);
      decoder.decode(Buffer.buffer().appendInt(CLAIMED).appendBytes(new byte[] {1, 2}), frames::add);
      decoders.add(decoder);
    }
    long grown = usedAfterGc(memory) - before;
    assertThat(frames).isEmpty();
    assertThat(decoders).allSatisfy(d -> assertThat(d.buffered()).isEqualTo(6));
    // 2,000 x 60,000 claimed = 114 MiB if allocated from the prefix; bytes that arrived: 12 KB
    assertThat(grown).as("heap growth after GC, bytes").isLessThan(8L << 20);
  }

  @Test
  void aFrameArrivingByteByByteAfterItsPrefixIsStillWhole() {
    FrameDecoder decoder = Framing.LENGTH.decoder(65536);
    List<Buffer> frames = new ArrayList<>();
    byte[] payload = new byte[CLAIMED];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    decoder.decode(Buffer.buffer().appendInt(CLAIMED), frames::add);
    for (int i = 0; i < payload.length; i += 997) {
      decoder.decode(Buffer.buffer(payload).slice(i, Math.min(payload.length, i + 997)), frames::add);
    }
    assertThat(frames).singleElement().satisfies(f -> assertThat(f.getBytes()).isEqualTo(payload));
    assertThat(decoder.buffered()).isZero();
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
