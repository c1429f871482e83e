package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Predicate;

/**
 * 4-byte big-endian length prefix, then the payload. A prefix over the cap (or negative, i.e.
 * over 2 GiB) fails at once, before any payload is buffered. Memory held for a partial frame grows
 * only with the bytes that arrived, whatever the prefix claims.
 */
final class LengthDecoder implements FrameDecoder {

  private static final int HEADER = 4;

  private final int maxFrame;
  private Buffer pending;
  /** Set when the sink stopped: the bytes from {@link #heldFrom} on are not handed out yet (never written to). */
  private Buffer held;
  private int heldFrom;

  LengthDecoder(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  @Override
  public boolean decodeWhile(Buffer chunk, Predicate<Buffer> sink) {
    Buffer buf;
    int pos = 0;
    if (held != null) {
      buf = held;
      pos = heldFrom;
      held = null;
      if (chunk.length() > 0) {
        int rest = buf.length() - pos;
        buf = Buffer.buffer(rest + chunk.length()).appendBuffer(buf, pos, rest).appendBuffer(chunk);
        pos = 0;
      }
    } else if (pending == null) {
      buf = chunk;
    } else {
      buf = pending.appendBuffer(chunk);
      pending = null;
    }
    int len = buf.length();
    while (len - pos >= HEADER) {
      int size = buf.getInt(pos);
      if (size < 0 || size > maxFrame) {
        throw new FrameTooLongException(size & 0xFFFFFFFFL, maxFrame, false);
      }
      if (len - pos - HEADER < size) {
        break;
      }
      boolean more = sink.test(buf.slice(pos + HEADER, pos + HEADER + size));
      pos += HEADER + size;
      if (!more && pos < len) {
        held = buf;
        heldFrom = pos;
        return true;
      }
    }
    int rest = len - pos;
    if (rest > 0) {
      // Sized by what arrived, never by the prefix: a peer that claims 60,000 bytes and sends 4
      // costs 4 bytes here, not 60 KiB (appending grows the buffer as more bytes arrive).
      pending = Buffer.buffer(Math.max(rest, 64)).appendBuffer(buf, pos, rest);
    }
    return false;
  }

  @Override
  public int buffered() {
    return (pending == null ? 0 : pending.length()) + (held == null ? 0 : held.length() - heldFrom);
  }
}
