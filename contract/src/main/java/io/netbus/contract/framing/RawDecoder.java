package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/** Each non-empty chunk is one frame (the seeds' {@code recv(1024)} model). */
final class RawDecoder implements FrameDecoder {

  private final int maxFrame;

  RawDecoder(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  @Override
  public void decode(Buffer chunk, Consumer<Buffer> sink) {
    int n = chunk.length();
    if (n > maxFrame) {
      throw new FrameTooLongException(n, maxFrame, false);
    }
    if (n > 0) {
      sink.accept(chunk);
    }
  }

  @Override
  public int buffered() {
    return 0;
  }
}
