package io.netbus.udp.service;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Sends every datagram back unchanged, empty ones included. */
public final class EchoService implements UdpService {

  public static final EchoService INSTANCE = new EchoService();

  private EchoService() {
  }

  @Override
  public Future<Buffer> answer(Datagram datagram) {
    return Future.succeededFuture(datagram.payload());
  }
}
