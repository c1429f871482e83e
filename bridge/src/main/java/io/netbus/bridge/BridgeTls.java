package io.netbus.bridge;

import io.netbus.security.ListenerSecurity;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * The bridge's TLS: the node's certificate and key, TLS 1.2 and 1.3 only, client certificates
 * checked against {@code tls.ca} per {@code clientAuth}, no SNI (one identity per node). Built
 * once per verticle from key material already in memory, so no connection reads a file.
 */
final class BridgeTls {

  static final long HANDSHAKE_TIMEOUT_MS = 10_000;

  private final SslContext context;

  BridgeTls(TlsSection tls, ListenerSecurity listener) {
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
      throw new IllegalStateException("cannot build the bridge's TLS context from " + tls.cert() + ": "
          + e.getMessage(), e);
    }
  }

  /** Shakes hands on a freshly accepted socket. */
  Future<Void> handshake(NetSocket socket) {
    return BridgeInternals.startTls(socket, context, HANDSHAKE_TIMEOUT_MS);
  }
}
