package io.netbus.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty server {@link SslContext} of a listener that starts TLS itself (after its
 * network rules, so a refused peer never sees the certificate): the node's certificate and key,
 * TLS 1.2 and 1.3 only, client certificates checked against {@code tls.ca} per the listener's
 * {@code clientAuth}, no SNI (one identity per node). One place, so the bridge, the console and
 * the TCP/file listeners ({@link Admission}) cannot drift apart. Building reads no file (the key
 * material is already in memory) but can take seconds the first time (the engine's self-test):
 * call it on a worker thread.
 */
public final class ServerContexts {

  private ServerContexts() {
  }

  /**
   * @param what names the listener in the error, e.g. {@code "the bridge"}
   * @param provider the TLS engine ({@link SslProvider#JDK} unless the listener may use {@link TlsEngine}'s)
   */
  public static SslContext build(TlsSection tls, ListenerSecurity listener, SslProvider provider, String what) {
    try {
      SslContextBuilder builder = SslContextBuilder
          .forServer(tls.privateKey(), tls.chain().toArray(new X509Certificate[0]))
          .sslProvider(provider)
          .protocols(TlsOptionsFactory.PROTOCOLS)
          .clientAuth(switch (listener.clientAuth()) {
            case NONE -> ClientAuth.NONE;
            case REQUEST -> ClientAuth.OPTIONAL;
            case REQUIRED -> ClientAuth.REQUIRE;
          });
      if (listener.clientAuth() != io.vertx.core.http.ClientAuth.NONE) {
        builder.trustManager(tls.authorities().toArray(new X509Certificate[0]));
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS context of " + what + " from " + tls.cert() + ": "
          + e.getMessage(), e);
    }
  }

  /** {@link #build(TlsSection, ListenerSecurity, SslProvider, String)} on the JDK's engine. */
  public static SslContext build(TlsSection tls, ListenerSecurity listener, String what) {
    return build(tls, listener, SslProvider.JDK, what);
  }
}
