package io.netbus.tcp.service;

import io.vertx.core.buffer.Buffer;

/** {@code echo}: every message back, byte for byte. */
public final class EchoService implements Service {

  @Override
  public boolean linesInRaw() {
    return false;
  }

  @Override
  public void onMessage(ServiceContext connection, Buffer message) {
    connection.reply(message);
  }
}
