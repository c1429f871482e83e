package io.netbus.tcp.service;

import io.netbus.tcp.Connection;
import io.vertx.core.buffer.Buffer;

/** {@code echo}: every message back, byte for byte. */
public final class EchoService implements Service {

  @Override
  public void onMessage(Connection connection, Buffer message) {
    connection.reply(message);
  }
}
