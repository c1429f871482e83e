package io.netbus.tcp.service;

import io.vertx.core.buffer.Buffer;

/**
 * What a listener does with each message. One instance per listener per verticle instance, called
 * on that instance's event loop only, so plain fields are safe.
 */
public interface Service {

  /** A client connected (after the welcome, if any, was written). */
  default void onOpen(ServiceContext connection) {
  }

  /**
   * One message: a frame, in raw framing without its trailing newline. It may be a view of the
   * read buffer: copy it to keep it beyond this call.
   */
  void onMessage(ServiceContext connection, Buffer message);

  /**
   * True for text services: in raw framing they read a chunk that holds several lines (piped
   * {@code nc} input) as one message per line ({@link io.netbus.contract.framing.RawLines}); a chunk
   * without a newline (a seed client's {@code send}) stays one message. False keeps each chunk one
   * message, as the raw framing says (echo, whose reply is the same bytes either way, and bus
   * services, whose payload may be binary).
   */
  default boolean linesInRaw() {
    return true;
  }

  /** The client is gone. */
  default void onClose(ServiceContext connection) {
  }

  /** True when {@code message} is exactly the ASCII word {@code word}. */
  static boolean is(Buffer message, byte[] word) {
    if (message.length() != word.length) {
      return false;
    }
    for (int i = 0; i < word.length; i++) {
      if (message.getByte(i) != word[i]) {
        return false;
      }
    }
    return true;
  }
}
