package io.netbus.contract.framing;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
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
    ByteBuf bytes = ((BufferInternal) chunk).getByteBuf();
    int lf = bytes.indexOf(0, len, (byte) '\n');
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
      lf = pos < len ? bytes.indexOf(pos, len, (byte) '\n') : -1;
    }
    if (pos < len) {
      sink.accept(chunk.slice(pos, len));
    }
  }
}
