package io.netbus.bench;

import io.vertx.core.buffer.Buffer;

/** How the load generator frames what it sends, and so how it cuts the replies. */
public enum BenchFraming {
  /** {@code \n} after each message; replies are lines, a trailing {@code \r} dropped. */
  LINE,
  /** 4-byte big-endian length prefix. */
  LENGTH,
  /** No framing: messages are written back to back and the reply stream is checked byte by byte. */
  RAW;

  /** The bytes on the wire for one message. */
  public void append(Buffer out, byte[] payload) {
    switch (this) {
      case LINE -> out.appendBytes(payload).appendByte((byte) '\n');
      case LENGTH -> out.appendInt(payload.length).appendBytes(payload);
      case RAW -> out.appendBytes(payload);
      default -> throw new IllegalStateException(name());
    }
  }

  /** Framing overhead in bytes per message. */
  public int overhead() {
    return switch (this) {
      case LINE -> 1;
      case LENGTH -> 4;
      case RAW -> 0;
    };
  }

  /** A verifier that cuts replies in this framing; {@code maxFrame} caps one reply. */
  public ReplyVerifier verifier(ReplyVerifier.Listener listener, int maxFrame) {
    return switch (this) {
      case LINE -> new ReplyVerifier.Line(listener, maxFrame);
      case LENGTH -> new ReplyVerifier.Length(listener, maxFrame);
      case RAW -> new ReplyVerifier.Raw(listener);
    };
  }

  public static BenchFraming parse(String text) {
    for (BenchFraming f : values()) {
      if (f.name().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new IllegalArgumentException("--framing: '" + text + "' is not one of line, length, raw");
  }
}
