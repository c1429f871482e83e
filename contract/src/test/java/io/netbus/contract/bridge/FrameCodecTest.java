package io.netbus.contract.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
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

  /** One frame on its own: the length, then the JSON. */
  private static Buffer viaToBuffer(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer().appendInt(json.length()).appendBuffer(json);
  }

  @Test
  void framesAppendedToOneBufferAreByteForByteTheFramesOneByOne() {
    JsonObject message = new JsonObject().put("type", "message").put("address", "netbus.x").put("send", true)
        .put("headers", new JsonObject().put("k", "v \"quoted\" \u00e9 \n"))
        .put("body", new JsonObject().put("seq", 12345678901L).put("pi", 3.25).put("none", (Object) null)
            .put("list", new JsonArray().add(1).add("two").add(new JsonObject().put("three", false)))
            .put("bytes", new byte[] {1, 2, (byte) 0xff}).put("at", Instant.ofEpochSecond(1_700_000_000L, 5))
            .put("text", "h\u00e9llo \ud83d\ude00"));
    JsonObject ping = new JsonObject().put("type", "ping");
    assertThat(FrameCodec.encode(message).getBytes()).isEqualTo(viaToBuffer(message).getBytes());
    Buffer batch = Buffer.buffer(8);
    batch = FrameCodec.appendFrame(batch, ping);
    batch = FrameCodec.appendFrame(batch, message);
    batch = FrameCodec.appendFrame(batch, new JsonObject());
    Buffer expected = viaToBuffer(ping).appendBuffer(viaToBuffer(message)).appendBuffer(viaToBuffer(new JsonObject()));
    assertThat(batch.getBytes()).isEqualTo(expected.getBytes());
  }

  /** A value only databind writes (an object put into a JsonObject as is). */
  public record Point(int x, int y) {
  }

  @Test
  void aValueOnlyDatabindCanWriteIsEncodedAndEarlierFramesStay() {
    JsonObject ping = new JsonObject().put("type", "ping");
    JsonObject odd = new JsonObject().put("type", "message").put("body", new JsonObject().put("p", new Point(1, 2)));
    Buffer batch = FrameCodec.appendFrame(Buffer.buffer(), ping);
    batch = FrameCodec.appendFrame(batch, odd);
    assertThat(batch.getBytes()).isEqualTo(viaToBuffer(ping).appendBuffer(viaToBuffer(odd)).getBytes());
    FrameCodec.Decoder decoder = FrameCodec.decoder(1024, listener);
    decoder.handle(batch);
    assertThat(frames).containsExactly("{\"type\":\"ping\"}", "{\"type\":\"message\",\"body\":{\"p\":{\"x\":1,\"y\":2}}}");
  }
}
