package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Predicate;

/**
 * Each non-empty chunk is one frame (the seeds' {@code recv(1024)} model). The cap does not count
 * one trailing {@code \n} or {@code \r\n}.
 */
final class RawDecoder implements FrameDecoder {

  private final int maxFrame;

  RawDecoder(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  @Override
  public boolean decodeWhile(Buffer chunk, Predicate<Buffer> sink) {
    int n = chunk.length();
    // the cap is on the message: one trailing line ending (which text services drop) is not counted,
    // as in line framing, so `nc` users may send a line of maxFrame bytes
    if (n > maxFrame && n - Framing.trailingNewline(chunk) > maxFrame) {
      throw new FrameTooLongException(n - Framing.trailingNewline(chunk), maxFrame, false);
    }
    if (n > 0) {
      sink.test(chunk); // one chunk, one frame: nothing is left to hold back
    }
    return false;
  }

  @Override
  public int buffered() {
    return 0;
  }
}
