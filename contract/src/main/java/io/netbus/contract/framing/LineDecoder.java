package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Predicate;

/**
 * {@code \n}-delimited frames, a trailing {@code \r} dropped. The cap counts the bytes of the frame,
 * before the {@code \n} or {@code \r\n}. Frames inside one chunk are emitted as views; only a partial line is copied.
 */
final class LineDecoder implements FrameDecoder {

  private static final byte LF = '\n';
  private static final byte CR = '\r';

  private final int maxFrame;
  private Buffer pending;
  /** Set when the sink stopped: the bytes from {@link #heldFrom} on are not handed out yet (never written to). */
  private Buffer held;
  private int heldFrom;

  LineDecoder(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  @Override
  public boolean decodeWhile(Buffer chunk, Predicate<Buffer> sink) {
    Buffer buf;
    int searchFrom = 0;
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
      searchFrom = pending.length(); // holds no LF: do not rescan it
      buf = pending.appendBuffer(chunk);
      pending = null;
    }
    int len = buf.length();
    while (pos < len) {
      int lf = indexOfLf(buf, Math.max(pos, searchFrom), len);
      if (lf < 0) {
        break;
      }
      int end = lf > pos && buf.getByte(lf - 1) == CR ? lf - 1 : lf;
      if (end - pos > maxFrame) {
        throw new FrameTooLongException(end - pos, maxFrame, false);
      }
      boolean more = sink.test(buf.slice(pos, end));
      pos = lf + 1;
      if (!more && pos < len) {
        held = buf;
        heldFrom = pos;
        return true;
      }
    }
    int rest = len - pos;
    // a line of maxFrame bytes may wait for its \n after its \r
    if (rest > maxFrame && !(rest == maxFrame + 1 && buf.getByte(len - 1) == CR)) {
      throw new FrameTooLongException(rest, maxFrame, true);
    }
    if (rest > 0) {
      // A fresh buffer: views already handed out keep pointing at bytes nobody writes to.
      pending = Buffer.buffer(Math.min(Math.max(rest * 2, 128), maxFrame + 2)).appendBuffer(buf, pos, rest);
    }
    return false;
  }

  /**
   * The first LF in {@code [from, to)}, or -1. Through the public Buffer API (contract uses no
   * Vert.x internals); the JIT keeps this a tight loop over the backing ByteBuf.
   */
  private static int indexOfLf(Buffer buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf.getByte(i) == LF) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int buffered() {
    return (pending == null ? 0 : pending.length()) + (held == null ? 0 : held.length() - heldFrom);
  }
}
