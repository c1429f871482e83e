package io.netbus.console;

import io.netbus.security.ListenerSecurity;
import io.netbus.security.ServerContexts;
import io.netbus.security.TlsSection;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;

/**
 * The console's HTTPS: the node's certificate and key, TLS 1.2 and 1.3 only, client certificates
 * checked against {@code tls.ca} per {@code metrics.clientAuth}, no SNI (one identity per node).
 * The HTTP server itself is bound plaintext and each connection that the network rules let in
 * gets its TLS handler from the connection handler ({@link VertxInternals#startTls}), because
 * Vert.x's own HTTPS server shakes hands before any handler runs: a peer {@code deny} names would
 * get the node's certificate before being closed. Built once, from key material already in
 * memory, so no connection reads a file.
 */
final class ConsoleTls {

  static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  private final SslContext context;

  ConsoleTls(TlsSection tls, ListenerSecurity listener) {
    context = ServerContexts.build(tls, listener, "the console");
  }

  /** Shakes hands on a freshly accepted connection, before its first request is read. */
  Future<Void> handshake(HttpConnection connection) {
    return VertxInternals.startTls(connection, context, HANDSHAKE_TIMEOUT_MS);
  }
}
