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
