package io.netbus.security;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS implementation every netbus server and client uses: BoringSSL (netty-tcnative, shipped
 * for linux-x86_64) when its native library loads here, the JDK's engine otherwise. BoringSSL
 * encrypts records several times faster and signs a P-256 handshake about a hundred times faster
 * than the JDK on the machines we measured (docs/security.md, "Performance"), which is what keeps a
 * TLS echo near plaintext and a handshake storm from stalling open connections. The choice is made
 * once per JVM and named in one INFO line; Netty's {@code -Dio.netty.handler.ssl.noOpenSsl=true}
 * forces the JDK engine (for A/B measurements, or a platform whose native library misbehaves).
 */
public final class TlsEngine {

  private static final Logger LOG = LoggerFactory.getLogger(TlsEngine.class);

  private TlsEngine() {
  }

  /** True when TLS is done by BoringSSL (netty-tcnative), false for the JDK engine. */
  public static boolean openSsl() {
    return Choice.OPENSSL;
  }

  /** The engine's name as the log and docs say it: {@code OpenSSL (BoringSSL ...)} or {@code JDK}. */
  public static String name() {
    return Choice.NAME;
  }

  /** The provider for Netty contexts built by netbus itself ({@link Admission}). */
  static SslProvider provider() {
    return openSsl() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /** The engine options for Vert.x servers and clients ({@link TlsOptionsFactory}). */
  public static SSLEngineOptions vertxOptions() {
    return openSsl() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  /** Decided at first use (loading the native library takes a moment: first use is on a worker thread). */
  private static final class Choice {
    static final boolean OPENSSL;
    static final String NAME;

    static {
      OPENSSL = OpenSSLEngineOptions.isAvailable();
      NAME = OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)" : "JDK";
      if (OPENSSL) {
        LOG.info("TLS engine: {}", NAME);
      } else {
        Throwable why = OpenSsl.unavailabilityCause();
        LOG.info("TLS engine: JDK (OpenSSL unavailable: {})", why == null ? "unknown" : why.getMessage());
      }
    }

    private Choice() {
    }
  }
}
