package io.netbus.tcp.service;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code greet} (seed 002): the listener's {@code welcome} on connect, {@code Hello, <msg>!} per
 * message, {@code exit} closes the connection.
 */
public final class GreetService implements Service {

  static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HELLO = "Hello, ".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void onMessage(ServiceContext connection, Buffer message) {
    if (Service.is(message, EXIT)) {
      connection.closeAfterReplies();
      return;
    }
    connection.beginReply().appendBytes(HELLO).appendBuffer(message).appendByte((byte) '!');
    connection.endReply();
  }
}
