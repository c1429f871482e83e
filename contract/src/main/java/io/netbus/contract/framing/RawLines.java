package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * How text services read a raw-framed chunk: cut after every {@code \n}, so each line is a message
 * of its own (with its line ending, which the service drops and echoes in its reply), and what
 * follows the last {@code \n} is one more message, at once. The seeds' clients send one message
 * per {@code send()} without a newline, so their chunks hold no {@code \n} and pass whole; {@code
 * printf 'Michael\nexit\n' | nc host 9999} arrives as one chunk and is two messages. Nothing is
 * held back between chunks: a line split across two reads is two messages, as a raw chunk always
 * was.
 */
public final class RawLines {

  private RawLines() {
  }

  /**
   * Calls {@code sink} once per line of {@code chunk}, in order, each a view ending with its
   * {@code \n} (the last one may end without). An empty chunk yields nothing.
   */
  public static void split(Buffer chunk, Consumer<Buffer> sink) {
    int len = chunk.length();
    int lf = indexOfLf(chunk, 0, len);
    if (lf < 0 || lf == len - 1) {
      // the common cases (a seed's send, one nc line) cost one scan and no slice
      if (len > 0) {
        sink.accept(chunk);
      }
      return;
    }
    int pos = 0;
    while (lf >= 0) {
      sink.accept(chunk.slice(pos, lf + 1));
      pos = lf + 1;
      lf = indexOfLf(chunk, pos, len);
    }
    if (pos < len) {
      sink.accept(chunk.slice(pos, len));
    }
  }

  /** The first {@code \n} in {@code [from, to)}, or -1; through the public Buffer API, as LineDecoder. */
  private static int indexOfLf(Buffer buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
