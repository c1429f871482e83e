package io.netbus.bridge.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The Vert.x TCP event-bus bridge wire format: a 4-byte big-endian length, then that many bytes
 * of UTF-8 JSON. The decoder is capped: a length claim above {@code maxFrame} (or a negative
 * one) is reported at once, from the 4 header bytes alone, and nothing after it is buffered.
 *
 * <p>Per frame it copies as little as it can: a frame is encoded straight behind its length
 * prefix in the buffer it is written from (several frames can share one, see
 * {@link #appendFrame}), and a decoded frame is a slice of the bytes read, not a copy.
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

  /** Jackson's generators for frames; the same JSON as {@link JsonObject#toBuffer()} writes. */
  private static final JsonFactory JSON = new JsonFactory();

  private FrameCodec() {
  }

  /** Encodes one frame. */
  public static Buffer encode(JsonObject frame) {
    return appendFrame(Buffer.buffer(128), frame);
  }

  /**
   * Appends one frame to {@code out}: the 4-byte length, then the JSON streamed in place (no
   * intermediate buffer to copy from, no databind serializers). Returns the buffer now holding
   * the frames: {@code out}, or in the rare case of a value only Jackson databind can write (an
   * object put into a JsonObject as is) a new buffer with {@code out}'s earlier frames and this
   * one encoded the way {@link JsonObject#toBuffer()} does.
   */
  public static Buffer appendFrame(Buffer out, JsonObject frame) {
    int at = out.length();
    out.appendInt(0);
    try (JsonGenerator generator = JSON.createGenerator(new Appender(out))) {
      JacksonCodec.encodeJson(frame, generator);
    } catch (EncodeException | IOException e) {
      Buffer json = frame.toBuffer();
      return out.getBuffer(0, at).appendInt(json.length()).appendBuffer(json);
    }
    out.setInt(at, out.length() - at - 4);
    return out;
  }

  /** Jackson writes its own buffered output here in one piece per frame. */
  private static final class Appender extends OutputStream {
    private final Buffer out;

    Appender(Buffer out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.appendBytes(b, off, len);
    }
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
