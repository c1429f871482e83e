package io.netbus.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the Vert.x clients a test creates referenced until the test object goes away. Vert.x 5
 * shuts down a client that nothing references once it is garbage collected, even in the middle of
 * a handshake, and a client created inline in a future chain is referenced by nothing: under load
 * a GC at the wrong moment closed a WebSocket handshake in CI ("Connection closed while handshake
 * in process").
 */
final class Held {

  private final List<Object> clients = new ArrayList<>();

  synchronized <T> T keep(T client) {
    clients.add(client);
    return client;
  }
}
