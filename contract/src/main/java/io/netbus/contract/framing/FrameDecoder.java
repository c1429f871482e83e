package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into frames. Not thread-safe: one decoder per connection. Frames handed to
 * the sink may be views of the chunk (no copy); the decoder never writes into a buffer after
 * handing out a view of it, and callers must not either.
 */
public interface FrameDecoder {

  /**
   * Feeds one chunk read from the stream; calls {@code sink} once per complete frame, in order.
   *
   * @throws FrameTooLongException as soon as a frame is known to exceed the cap; the decoder is
   *     then unusable (close the connection)
   */
  void decode(Buffer chunk, Consumer<Buffer> sink);

  /** Bytes held for an incomplete frame (non-zero when the peer vanished mid-frame). */
  int buffered();
}
