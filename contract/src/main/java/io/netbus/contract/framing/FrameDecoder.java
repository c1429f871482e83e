package io.netbus.contract.framing;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
  default void decode(Buffer chunk, Consumer<Buffer> sink) {
    decodeWhile(chunk, frame -> {
      sink.accept(frame);
      return true;
    });
  }

  /**
   * Like {@link #decode} but stops handing out frames as soon as {@code sink} returns false: the
   * frames left in this chunk stay in the decoder (as the bytes that arrived, nothing more) until
   * the next call, which may pass an empty chunk just to continue. This is how a connection stops
   * at a bounded number of requests in flight whatever the size of a read chunk.
   *
   * @return true if the decoder stopped early and may hold complete frames
   */
  boolean decodeWhile(Buffer chunk, Predicate<Buffer> sink);

  /** Bytes held for frames not handed out yet (non-zero when the peer vanished mid-frame). */
  int buffered();
}
