package io.netbus.contract.bridge;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The Vert.x TCP event-bus bridge wire format: a 4-byte big-endian length, then that many bytes
 * of UTF-8 JSON. The decoder is capped: a length claim above {@code maxFrame} (or a negative
 * one) is reported at once, from the 4 header bytes alone, and nothing after it is buffered.
 * It knows no frame types: the bridge's server and client and the bus bench share it.
 *
 * <p>Per frame it copies as little as it can: frames bound for one write are appended to one
 * buffer ({@link #appendFrame}), and a decoded frame is a slice of the bytes read, not a copy.
 */
public final class FrameCodec {

  /** What a decoder reports. */
  public interface Listener {
    /**
     * One whole frame's JSON bytes (not yet parsed: the caller answers bad JSON its own way). The
     * buffer is a view of the bytes read, valid during this call only: parse it, do not keep it.
     */
    void onFrame(Buffer json);

    /** A length claim above the cap; the decoder ignores all further input. */
    void onOversize(long claimed);
  }

  private FrameCodec() {
  }

  /** Encodes one frame. */
  public static Buffer encode(JsonObject frame) {
    return appendFrame(Buffer.buffer(128), frame);
  }

  /**
   * Appends one frame to {@code out} (the 4-byte length, then the JSON) and returns {@code out}:
   * frames bound for one write share a buffer instead of one buffer each.
   */
  public static Buffer appendFrame(Buffer out, JsonObject frame) {
    Buffer json = frame.toBuffer();
    return out.appendInt(json.length()).appendBuffer(json);
  }

  /** A new capped decoder feeding {@code listener}. */
  public static Decoder decoder(int maxFrame, Listener listener) {
    return new Decoder(maxFrame, listener);
  }

  /** Reassembles frames from arbitrarily split chunks; holds at most one frame plus one chunk. */
  public static final class Decoder implements Handler<Buffer> {

    private final int maxFrame;
    private final Listener listener;
    private Buffer pending = Buffer.buffer();
    private boolean failed;

    private Decoder(int maxFrame, Listener listener) {
      if (maxFrame <= 0) {
        throw new IllegalArgumentException("maxFrame must be > 0");
      }
      this.maxFrame = maxFrame;
      this.listener = listener;
    }

    @Override
    public void handle(Buffer chunk) {
      if (failed) {
        return;
      }
      pending = pending.length() == 0 ? chunk : pending.appendBuffer(chunk);
      int offset = 0;
      while (!failed && pending.length() - offset >= 4) {
        long length = pending.getUnsignedInt(offset);
        if (length > maxFrame) {
          failed = true;
          pending = Buffer.buffer();
          listener.onOversize(length);
          return;
        }
        if (pending.length() - offset - 4 < length) {
          break;
        }
        // a view, not a copy: listeners parse the frame before this call returns and keep no reference
        Buffer frame = pending.slice(offset + 4, offset + 4 + (int) length);
        offset += 4 + (int) length;
        listener.onFrame(frame);
      }
      if (!failed) {
        pending = offset == 0 ? pending : pending.getBuffer(offset, pending.length());
      }
    }

    /** Bytes held for an incomplete frame. */
    public int buffered() {
      return pending.length();
    }
  }
}
