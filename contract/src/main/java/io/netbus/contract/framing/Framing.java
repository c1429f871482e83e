package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Locale;

/**
 * How a TCP byte stream is cut into messages (DESIGN.md "TCP framing"):
 * <ul>
 *   <li>{@link #RAW}: each read chunk is one message, as in the seed tutorials;</li>
 *   <li>{@link #LINE}: {@code \n}-terminated, a trailing {@code \r} dropped; encoded frames end with {@code \n};</li>
 *   <li>{@link #LENGTH}: a 4-byte big-endian length, then that many bytes.</li>
 * </ul>
 * Shared by the TCP verticle, the CLI and the benchmark.
 */
public enum Framing {
  RAW, LINE, LENGTH;

  /** The default cap on one frame, in bytes. */
  public static final int DEFAULT_MAX_FRAME = 65536;

  /** The config spellings, in declaration order. */
  public static final List<String> NAMES = List.of("raw", "line", "length");

  /** The config spelling: {@code raw}, {@code line}, {@code length}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config spelling; throws {@link IllegalArgumentException} naming the choices. */
  public static Framing of(String id) {
    if (id != null) {
      for (Framing f : values()) {
        if (f.id().equals(id)) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException("'" + id + "' is not a framing (" + String.join(", ", NAMES) + ")");
  }

  /** A fresh decoder for one stream, refusing frames longer than {@code maxFrame} bytes. */
  public FrameDecoder decoder(int maxFrame) {
    if (maxFrame <= 0) {
      throw new IllegalArgumentException("maxFrame must be > 0");
    }
    return switch (this) {
      case RAW -> new RawDecoder(maxFrame);
      case LINE -> new LineDecoder(maxFrame);
      case LENGTH -> new LengthDecoder(maxFrame);
    };
  }

  /** Appends {@code payload} as one frame to {@code out} and returns {@code out}. */
  public Buffer encode(Buffer payload, Buffer out) {
    switch (this) {
      case RAW -> out.appendBuffer(payload);
      case LINE -> out.appendBuffer(payload).appendByte((byte) '\n');
      case LENGTH -> out.appendInt(payload.length()).appendBuffer(payload);
      default -> throw new AssertionError(this);
    }
    return out;
  }

  /** {@code payload} as one frame, in a new buffer. */
  public Buffer encode(Buffer payload) {
    return encode(payload, Buffer.buffer(payload.length() + 4));
  }

  /**
   * How many bytes of line terminator end {@code message}: 2 for {@code \r\n}, 1 for {@code \n},
   * else 0. Text services in raw framing drop it so that {@code nc} users get sane replies.
   */
  public static int trailingNewline(Buffer message) {
    int n = message.length();
    if (n == 0 || message.getByte(n - 1) != '\n') {
      return 0;
    }
    return n >= 2 && message.getByte(n - 2) == '\r' ? 2 : 1;
  }
}
