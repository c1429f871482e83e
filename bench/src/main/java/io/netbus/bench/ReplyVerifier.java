package io.netbus.bench;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Checks every reply against the one expected, in order, cutting the reply stream the way the
 * framing does. A wrong reply is reported as such (it is an error, not a number); a reply nobody
 * asked for is reported as unexpected; a stream that can no longer be cut (a frame past the cap)
 * is a protocol error and the connection is given up.
 *
 * <p>Not thread-safe: one verifier per connection, used on that connection's event loop.
 */
public abstract class ReplyVerifier {

  /** What the verifier found, reply by reply. */
  public interface Listener {
    /** One expected reply arrived whole; {@code ok} when it matched byte for byte. */
    void onReply(boolean ok);

    /** Bytes or a frame arrived while no reply was expected. */
    void onUnexpected();

    /** The reply stream cannot be cut any more (e.g. a frame longer than the cap). */
    void onProtocolError(String problem);
  }

  protected final Listener listener;
  protected final ArrayDeque<byte[]> expected = new ArrayDeque<>();
  private boolean broken;

  protected ReplyVerifier(Listener listener) {
    this.listener = listener;
  }

  /** Queues the reply expected for a message just sent (the payload, without framing). */
  public void expect(byte[] reply) {
    expected.add(reply);
  }

  /** Replies still expected. */
  public int pending() {
    return expected.size();
  }

  /** Feeds a chunk read from the connection; calls the listener once per reply completed. */
  public void feed(Buffer chunk) {
    feed(chunk.getBytes());
  }

  /** Feeds bytes read from the connection; after a protocol error, input is ignored. */
  public final void feed(byte[] bytes) {
    if (!broken) {
      consume(bytes);
    }
  }

  protected abstract void consume(byte[] bytes);

  /** The stream cannot be cut any more: report once, ignore the rest. */
  protected void broken(String problem) {
    broken = true;
    listener.onProtocolError(problem);
  }

  /** Raw framing: the reply stream must equal the concatenated expected replies; cut by byte count. */
  public static final class Raw extends ReplyVerifier {
    private int offset;
    private boolean mismatch;

    public Raw(Listener listener) {
      super(listener);
    }

    @Override
    protected void consume(byte[] b) {
      int i = 0;
      while (i < b.length) {
        byte[] cur = expected.peek();
        if (cur == null) {
          listener.onUnexpected();
          return;
        }
        int n = Math.min(cur.length - offset, b.length - i);
        if (!mismatch && !Arrays.equals(cur, offset, offset + n, b, i, i + n)) {
          mismatch = true;
        }
        offset += n;
        i += n;
        if (offset == cur.length) {
          expected.poll();
          boolean ok = !mismatch;
          offset = 0;
          mismatch = false;
          listener.onReply(ok);
        }
      }
    }
  }

  /** Line framing: each {@code \n}-terminated line (a trailing {@code \r} dropped) is one reply. */
  public static final class Line extends ReplyVerifier {
    private final int maxFrame;
    private byte[] partial = new byte[0];
    private int partialLength;

    public Line(Listener listener, int maxFrame) {
      super(listener);
      this.maxFrame = maxFrame;
    }

    @Override
    protected void consume(byte[] b) {
      int start = 0;
      while (start < b.length) {
        int nl = indexOf(b, start);
        if (nl < 0) {
          append(b, start, b.length);
          return;
        }
        if (partialLength == 0) {
          frame(b, start, nl);
        } else {
          if (!append(b, start, nl)) {
            return;
          }
          frame(partial, 0, partialLength);
          partialLength = 0;
        }
        start = nl + 1;
      }
    }

    private static int indexOf(byte[] b, int from) {
      for (int i = from; i < b.length; i++) {
        if (b[i] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private boolean append(byte[] b, int from, int to) {
      int n = to - from;
      if (partialLength + n > maxFrame + 1) {
        partialLength = 0;
        broken("a reply line is longer than " + maxFrame + " bytes");
        return false;
      }
      if (partial.length < partialLength + n) {
        partial = Arrays.copyOf(partial, Math.max(partialLength + n, partial.length * 2));
      }
      System.arraycopy(b, from, partial, partialLength, n);
      partialLength += n;
      return true;
    }

    private void frame(byte[] b, int from, int to) {
      if (to > from && b[to - 1] == '\r') {
        to--;
      }
      byte[] cur = expected.poll();
      if (cur == null) {
        listener.onUnexpected();
      } else {
        listener.onReply(Arrays.equals(cur, 0, cur.length, b, from, to));
      }
    }
  }

  /** Length framing: a 4-byte big-endian length, then that many bytes, is one reply. */
  public static final class Length extends ReplyVerifier {
    private final int maxFrame;
    private int header;
    private int headerBytes;
    private int bodyLength = -1;
    private int bodyPos;
    private byte[] current;
    private boolean mismatch;

    public Length(Listener listener, int maxFrame) {
      super(listener);
      this.maxFrame = maxFrame;
    }

    @Override
    protected void consume(byte[] b) {
      int i = 0;
      while (i < b.length) {
        if (bodyLength < 0) {
          header = (header << 8) | (b[i++] & 0xff);
          if (++headerBytes < 4) {
            continue;
          }
          if (header < 0 || header > maxFrame) {
            broken("a reply frame announces " + (header & 0xffffffffL) + " bytes, more than " + maxFrame);
            headerBytes = 0;
            header = 0;
            return;
          }
          bodyLength = header;
          bodyPos = 0;
          current = expected.poll();
          mismatch = current == null || current.length != bodyLength;
        } else {
          int n = Math.min(bodyLength - bodyPos, b.length - i);
          if (!mismatch && !Arrays.equals(current, bodyPos, bodyPos + n, b, i, i + n)) {
            mismatch = true;
          }
          bodyPos += n;
          i += n;
        }
        if (bodyLength >= 0 && bodyPos == bodyLength) {
          boolean wasExpected = current != null;
          boolean ok = !mismatch;
          bodyLength = -1;
          headerBytes = 0;
          header = 0;
          current = null;
          if (wasExpected) {
            listener.onReply(ok);
          } else {
            listener.onUnexpected();
          }
        }
      }
    }
  }
}
