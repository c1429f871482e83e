package io.netbus.bridge;

import io.netbus.security.ListenerSecurity;
import io.netbus.security.ServerContexts;
import io.netbus.security.TlsSection;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;

/**
 * The bridge's TLS: the node's certificate and key, TLS 1.2 and 1.3 only, client certificates
 * checked against {@code tls.ca} per {@code clientAuth}, no SNI (one identity per node). Built
 * once per verticle from key material already in memory, so no connection reads a file.
 */
final class BridgeTls {

  static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  private final SslContext context;

  BridgeTls(TlsSection tls, ListenerSecurity listener) {
    context = ServerContexts.build(tls, listener, "the bridge");
  }

  /** Shakes hands on a freshly accepted socket. */
  Future<Void> handshake(NetSocket socket) {
    return BridgeInternals.startTls(socket, context, HANDSHAKE_TIMEOUT_MS);
  }
}
