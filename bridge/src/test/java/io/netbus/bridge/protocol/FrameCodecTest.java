package io.netbus.bridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private final List<String> frames = new ArrayList<>();
  private final List<Long> oversize = new ArrayList<>();
  private final FrameCodec.Listener listener = new FrameCodec.Listener() {
    @Override
    public void onFrame(Buffer json) {
      frames.add(json.toString());
    }

    @Override
    public void onOversize(long claimed) {
      oversize.add(claimed);
    }
  };

  @Test
  void reassemblesFramesSplitAtEveryByte() {
    Buffer wire = Buffer.buffer()
        .appendBuffer(FrameCodec.encode(new JsonObject().put("type", "ping")))
        .appendBuffer(FrameCodec.encode(new JsonObject().put("type", "send").put("body", "héllo")))
        .appendBuffer(FrameCodec.encode(new JsonObject()));
    for (int split = 0; split <= wire.length(); split++) {
      frames.clear();
      FrameCodec.Decoder decoder = FrameCodec.decoder(1024, listener);
      decoder.handle(wire.getBuffer(0, split));
      decoder.handle(wire.getBuffer(split, wire.length()));
      assertThat(frames).as("split at %d", split)
          .containsExactly("{\"type\":\"ping\"}", "{\"type\":\"send\",\"body\":\"héllo\"}", "{}");
      assertThat(decoder.buffered()).isZero();
    }
  }

  @Test
  void byteByByte() {
    Buffer wire = FrameCodec.encode(new JsonObject().put("type", "publish").put("address", "a.b"));
    FrameCodec.Decoder decoder = FrameCodec.decoder(1024, listener);
    for (int i = 0; i < wire.length(); i++) {
      decoder.handle(wire.getBuffer(i, i + 1));
    }
    assertThat(frames).containsExactly("{\"type\":\"publish\",\"address\":\"a.b\"}");
  }

  @Test
  void oversizeClaimIsReportedFromTheHeaderAlone() {
    FrameCodec.Decoder decoder = FrameCodec.decoder(100, listener);
    decoder.handle(Buffer.buffer().appendInt(101));
    assertThat(oversize).containsExactly(101L);
    decoder.handle(Buffer.buffer(new byte[500]));
    assertThat(frames).isEmpty();
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  void negativeLengthIsOversize() {
    FrameCodec.Decoder decoder = FrameCodec.decoder(100, listener);
    decoder.handle(Buffer.buffer().appendInt(-1));
    assertThat(oversize).containsExactly(0xFFFFFFFFL);
  }

  @Test
  void frameAtTheCapIsAccepted() {
    FrameCodec.Decoder decoder = FrameCodec.decoder(8, listener);
    decoder.handle(Buffer.buffer().appendInt(8).appendString("\"123456\""));
    assertThat(frames).containsExactly("\"123456\"");
    assertThat(oversize).isEmpty();
  }
}
