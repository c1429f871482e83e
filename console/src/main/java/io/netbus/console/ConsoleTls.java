package io.netbus.console;

import io.netbus.security.ListenerSecurity;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

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
    try {
      SslContextBuilder builder = SslContextBuilder
          .forServer(tls.privateKey(), tls.chain().toArray(new X509Certificate[0]))
          .sslProvider(SslProvider.JDK)
          .protocols(TlsOptionsFactory.PROTOCOLS)
          .clientAuth(switch (listener.clientAuth()) {
            case NONE -> ClientAuth.NONE;
            case REQUEST -> ClientAuth.OPTIONAL;
            case REQUIRED -> ClientAuth.REQUIRE;
          });
      if (listener.clientAuth() != io.vertx.core.http.ClientAuth.NONE) {
        builder.trustManager(tls.authorities().toArray(new X509Certificate[0]));
      }
      context = builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the console's TLS context from " + tls.cert() + ": "
          + e.getMessage(), e);
    }
  }

  /** Shakes hands on a freshly accepted connection, before its first request is read. */
  Future<Void> handshake(HttpConnection connection) {
    return VertxInternals.startTls(connection, context, HANDSHAKE_TIMEOUT_MS);
  }
}
