package io.netbus.security;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.net.OpenSSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast TLS implementation, for the listeners that may use it ({@link Admission}'s
 * {@code fastEngine}: exchange listeners): BoringSSL (netty-tcnative, shipped for linux-x86_64)
 * when its native library loads here, the JDK's engine otherwise. The JDK 17 engine's AES-GCM
 * and P-256 signatures are several times slower (docs/security.md, "Performance"). TCP service
 * and push listeners stay on the JDK engine: Netty's OpenSSL engine cannot write after a client's
 * close_notify, which those protocols answer like a FIN (replies still due). The choice is made
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

  /** Decided at first use (loading the native library takes a moment: first use is on a worker thread). */
  private static final class Choice {
    static final boolean OPENSSL;
    static final String NAME;

    static {
      OPENSSL = OpenSSLEngineOptions.isAvailable();
      NAME = OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)" : "JDK";
      if (OPENSSL) {
        LOG.info("TLS engine: {} for exchange listeners, JDK for the others (they reply after a client's close_notify)",
            NAME);
      } else {
        Throwable why = OpenSsl.unavailabilityCause();
        LOG.info("TLS engine: JDK (OpenSSL unavailable: {})", why == null ? "unknown" : why.getMessage());
      }
    }

    private Choice() {
    }
  }
}
