package io.netbus.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * The TCP event-bus bridge's wire format: a 4-byte big-endian length, then that many bytes of
 * JSON ({@code {type, address, body, headers, replyAddress}}). Decoding is capped: a frame longer
 * than {@code maxFrame} is refused.
 */
public final class BridgeCodec {

  private final int maxFrame;
  private final Consumer<JsonObject> onFrame;
  private Buffer pending = Buffer.buffer();

  public BridgeCodec(int maxFrame, Consumer<JsonObject> onFrame) {
    this.maxFrame = maxFrame;
    this.onFrame = onFrame;
  }

  public static Buffer encode(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer(json.length() + 4).appendInt(json.length()).appendBuffer(json);
  }

  /** Feeds bytes read from the bridge; calls {@code onFrame} per whole frame. */
  public void feed(Buffer chunk) {
    pending = pending.length() == 0 ? chunk : pending.appendBuffer(chunk);
    int pos = 0;
    while (pending.length() - pos >= 4) {
      int length = pending.getInt(pos);
      if (length < 0 || length > maxFrame) {
        pending = Buffer.buffer();
        throw new IllegalStateException("bridge frame of " + length + " bytes is over the cap of " + maxFrame);
      }
      if (pending.length() - pos - 4 < length) {
        break;
      }
      onFrame.accept(new JsonObject(pending.slice(pos + 4, pos + 4 + length)));
      pos += 4 + length;
    }
    pending = pos == pending.length() ? Buffer.buffer() : pending.getBuffer(pos, pending.length());
  }
}
