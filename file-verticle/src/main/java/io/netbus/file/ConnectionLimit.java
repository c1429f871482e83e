package io.netbus.file;

import io.vertx.core.net.NetSocket;

/**
 * Bounds the connections a file listener holds open at once (each one holds a file open, and
 * pushes are long). Lives on the listener verticle's event loop, so a plain counter is enough.
 */
final class ConnectionLimit {

  private final int max;
  private int open;

  ConnectionLimit(int max) {
    this.max = max;
  }

  /** Counts {@code socket} until it closes; false (and nothing counted) when the listener is full. */
  boolean admit(NetSocket socket) {
    if (open >= max) {
      return false;
    }
    open++;
    socket.closeHandler(v -> open--);
    return true;
  }

  int max() {
    return max;
  }
}
