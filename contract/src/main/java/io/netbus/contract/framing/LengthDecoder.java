package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * 4-byte big-endian length prefix, then the payload. A prefix over the cap (or negative, i.e.
 * over 2 GiB) fails at once, before any payload is buffered. Memory held for a partial frame grows
 * only with the bytes that arrived, whatever the prefix claims.
 */
final class LengthDecoder implements FrameDecoder {

  private static final int HEADER = 4;

  private final int maxFrame;
  private Buffer pending;

  LengthDecoder(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  @Override
  public void decode(Buffer chunk, Consumer<Buffer> sink) {
    Buffer buf;
    if (pending == null) {
      buf = chunk;
    } else {
      buf = pending.appendBuffer(chunk);
      pending = null;
    }
    int len = buf.length();
    int pos = 0;
    while (len - pos >= HEADER) {
      int size = buf.getInt(pos);
      if (size < 0 || size > maxFrame) {
        throw new FrameTooLongException(size & 0xFFFFFFFFL, maxFrame, false);
      }
      if (len - pos - HEADER < size) {
        break;
      }
      sink.accept(buf.slice(pos + HEADER, pos + HEADER + size));
      pos += HEADER + size;
    }
    int rest = len - pos;
    if (rest > 0) {
      // Sized by what arrived, never by the prefix: a peer that claims 60,000 bytes and sends 4
      // costs 4 bytes here, not 60 KiB (appending grows the buffer as more bytes arrive).
      pending = Buffer.buffer(Math.max(rest, 64)).appendBuffer(buf, pos, rest);
    }
  }

  @Override
  public int buffered() {
    return pending == null ? 0 : pending.length();
  }
}
