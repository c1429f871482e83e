package io.netbus.file.protocol;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Splits a connection's bytes into the protocol's parts: JSON lines (capped at
 * {@link FileProtocol#MAX_LINE}) and raw bodies of a known length. The owner says what comes
 * next ({@link #expectLine}, {@link #expectBody}); bytes that arrive while nothing is expected
 * are held (up to one line's cap) until it does. Body chunks are handed on without copying.
 */
public final class WireReader implements Handler<Buffer> {

  private enum Mode { IDLE, LINE, BODY }

  /** Bytes held while nothing is expected (the owner pauses the socket meanwhile). */
  static final int MAX_HELD = 1 << 20;

  private Buffer pending = Buffer.buffer();
  private Mode mode = Mode.IDLE;
  private Handler<String> lineHandler;
  private Handler<Buffer> chunkHandler;
  private Handler<Void> bodyEnd;
  private long remaining;
  private final Handler<FileError> errorHandler;
  private boolean failed;
  private boolean draining;

  public WireReader(Handler<FileError> errorHandler) {
    this.errorHandler = errorHandler;
  }

  /** The next line (without its {@code \n} and a trailing {@code \r}) goes to {@code handler}. */
  public void expectLine(Handler<String> handler) {
    mode = Mode.LINE;
    lineHandler = handler;
    drain();
  }

  /** The next {@code length} bytes go to {@code chunks}, then {@code end} runs. */
  public void expectBody(long length, Handler<Buffer> chunks, Handler<Void> end) {
    mode = Mode.BODY;
    remaining = length;
    chunkHandler = chunks;
    bodyEnd = end;
    if (length == 0) {
      mode = Mode.IDLE;
      end.handle(null);
      return;
    }
    drain();
  }

  /** Stop delivering: later bytes are dropped. */
  public void stop() {
    failed = true;
    pending = Buffer.buffer();
  }

  @Override
  public void handle(Buffer chunk) {
    if (failed) {
      return;
    }
    if (pending.length() == 0) {
      pending = chunk;
    } else {
      pending = Buffer.buffer(pending.length() + chunk.length()).appendBuffer(pending).appendBuffer(chunk);
    }
    drain();
  }

  private void drain() {
    if (draining) {
      return; // a handler called expectX from inside drain(): the loop below carries on
    }
    draining = true;
    try {
      while (!failed && pending.length() > 0) {
        if (mode == Mode.IDLE) {
          if (pending.length() > MAX_HELD) {
            fail("unexpected data from the peer");
          }
          return;
        }
        if (mode == Mode.LINE) {
          int nl = indexOfNewline(pending);
          if (nl < 0) {
            if (pending.length() >= FileProtocol.MAX_LINE) {
              fail("header line longer than " + FileProtocol.MAX_LINE + " bytes");
            }
            return;
          }
          int end = nl > 0 && pending.getByte(nl - 1) == '\r' ? nl - 1 : nl;
          String line = pending.getString(0, end, StandardCharsets.UTF_8.name());
          pending = nl + 1 == pending.length() ? Buffer.buffer() : pending.getBuffer(nl + 1, pending.length());
          mode = Mode.IDLE;
          lineHandler.handle(line);
        } else {
          Buffer part;
          if (pending.length() <= remaining) {
            part = pending;
            pending = Buffer.buffer();
          } else {
            int n = (int) remaining;
            part = pending.getBuffer(0, n);
            pending = pending.getBuffer(n, pending.length());
          }
          remaining -= part.length();
          boolean done = remaining == 0;
          if (done) {
            mode = Mode.IDLE;
          }
          chunkHandler.handle(part);
          if (done) {
            bodyEnd.handle(null);
          }
        }
      }
    } finally {
      draining = false;
    }
  }

  private void fail(String message) {
    failed = true;
    pending = Buffer.buffer();
    errorHandler.handle(new FileError(FileProtocol.BAD_REQUEST, message));
  }

  private static int indexOfNewline(Buffer b) {
    int n = Math.min(b.length(), FileProtocol.MAX_LINE);
    for (int i = 0; i < n; i++) {
      if (b.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
