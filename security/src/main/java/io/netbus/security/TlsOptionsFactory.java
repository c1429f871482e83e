package io.netbus.security;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import java.util.Set;

/**
 * Turns the node's {@link TlsSection} and a listener's {@link ListenerSecurity} into Vert.x
 * options. Servers: the node's certificate and key, {@code tls.ca} as the trust for client
 * certificates, TLS 1.2 and 1.3 only, the listener's client authentication, SNI off (one
 * identity per node; Vert.x before 5.0.12 keeps an unbounded SNI cache, CVE-2026-6860). Clients:
 * trust {@code tls.ca} only, verify the server's name ({@code HTTPS} rules: the host dialed
 * must be among the certificate's SANs) and present the node's certificate when there is one.
 * Everything is in memory: building options reads no file.
 */
public final class TlsOptionsFactory {

  /** The protocols netbus speaks; older ones are refused. */
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private TlsOptionsFactory() {
  }

  /** New server options for a listener; plaintext when its {@code tls} is off. */
  public static NetServerOptions server(TlsSection tls, ListenerSecurity listener) {
    return configureServer(new NetServerOptions(), tls, listener);
  }

  /**
   * Adds TLS to {@code options} (a {@code NetServerOptions} or {@code HttpServerOptions}) when
   * the listener's {@code tls} is on; returns them unchanged otherwise.
   */
  public static <T extends NetServerOptions> T configureServer(T options, TlsSection tls, ListenerSecurity listener) {
    if (!listener.tls()) {
      return options;
    }
    if (tls == null || !tls.hasIdentity()) {
      throw new IllegalStateException("a TLS listener needs the node's tls section (config validation should have said so)");
    }
    options.setSsl(true)
        .setKeyCertOptions(tls.keyCertOptions())
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setClientAuth(listener.clientAuth())
        .setSni(false);
    if (listener.clientAuth() != ClientAuth.NONE) {
      options.setTrustOptions(tls.trustOptions());
    }
    return options;
  }

  /** New client options that verify servers against {@code tls.ca}. */
  public static NetClientOptions client(TlsSection tls) {
    return configureClient(new NetClientOptions(), tls);
  }

  /**
   * Adds TLS to {@code options}: trust {@code tls.ca}, hostname verification, the node's (or
   * the command line's) certificate when it has one.
   */
  public static <T extends NetClientOptions> T configureClient(T options, TlsSection tls) {
    options.setSsl(true)
        .setTrustOptions(tls.trustOptions())
        .setHostnameVerificationAlgorithm("HTTPS")
        .setEnabledSecureTransportProtocols(PROTOCOLS);
    if (tls.hasIdentity()) {
      options.setKeyCertOptions(tls.keyCertOptions());
    }
    return options;
  }
}
