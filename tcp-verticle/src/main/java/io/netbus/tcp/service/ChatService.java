package io.netbus.tcp.service;

import io.vertx.core.buffer.Buffer;

/**
 * {@code chat} (seed 003 grown up): every message goes to all other clients of the listener, on
 * every instance and node. (Publishing it on the bus is the listener's {@code publish} option,
 * on by default as for every listener.)
 */
public final class ChatService implements Service {

  @Override
  public void onMessage(ServiceContext connection, Buffer message) {
    connection.broadcast(message, connection.terminator());
  }
}
