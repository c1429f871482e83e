package io.netbus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * TLS as the bench's clients speak it: the server's certificate is always verified, against
 * {@code ca} (a PEM file) or else the JVM's trusted authorities, and its name against the host
 * dialed (hostname verification on, IP addresses matched against IP SANs); {@code cert}/{@code key}
 * present a client certificate. The Vert.x clients (tcp, bus, handshake) take it as their
 * {@link ClientTransport}, on BoringSSL when it loads (as the node does); the blocking file client takes
 * {@link #sslContext()} (the JDK's engine). Both read the PEM
 * files the same way, through Vert.x's PEM options.
 *
 * @param ca PEM CA certificate(s) the server must chain to; null: the JVM trust store
 * @param cert PEM client certificate; null: none
 * @param key PEM private key of {@code cert}
 */
public record ClientTls(String ca, String cert, String key) implements ClientTransport {

  /** Hostname verification as HTTPS clients do it (RFC 2818). */
  static final String HOSTNAME_VERIFICATION = "HTTPS";

  public ClientTls {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(cert == null ? "--key: needs --cert (the certificate of that key)"
          : "--cert: needs --key (the certificate's private key)");
    }
    readable("--ca", ca);
    readable("--cert", cert);
    readable("--key", key);
  }

  private static void readable(String option, String file) {
    if (file != null && !Files.isReadable(Path.of(file))) {
      throw new IllegalArgumentException(option + ": cannot read '" + file + "'");
    }
  }

  @Override
  public NetClientOptions configure(NetClientOptions options) {
    options.setSsl(true).setHostnameVerificationAlgorithm(HOSTNAME_VERIFICATION);
    if (OpenSSLEngineOptions.isAvailable()) {
      // the node's engine (netty-tcnative ships in the jar): a JDK client measures the JDK's AES-GCM, not the server
      options.setSslEngineOptions(new OpenSSLEngineOptions());
    }
    if (ca != null) {
      options.setTrustOptions(trust());
    }
    if (cert != null) {
      options.setKeyCertOptions(identity());
    }
    return options;
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertPath(ca);
  }

  private PemKeyCertOptions identity() {
    return new PemKeyCertOptions().setCertPath(cert).setKeyPath(key);
  }

  /**
   * A JDK context with the same trust and identity, for blocking sockets (the file bench). The
   * caller sets hostname verification on each socket (see {@link #HOSTNAME_VERIFICATION}).
   */
  SSLContext sslContext() throws Exception {
    // Vert.x's PEM options read the files (PKCS#1, PKCS#8, SEC1 keys) given a Vert.x to read with
    Vertx vertx = Vertx.builder().build();
    try {
      TrustManager[] trust = ca == null ? null : trust().getTrustManagerFactory(vertx).getTrustManagers();
      KeyManager[] keys = cert == null ? null : identity().getKeyManagerFactory(vertx).getKeyManagers();
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
