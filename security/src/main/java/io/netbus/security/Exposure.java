package io.netbus.security;

import io.netbus.contract.ConfigException;
import java.util.Locale;
import java.util.Optional;

/**
 * Secure by default: a bridge, an exchange listener, the metrics server or a cluster bound to a
 * non-loopback address refuses to start unless it has TLS and authentication (client
 * certificates required, or an {@code auth} section with clients), or says
 * {@code "insecure": true}. Loopback is {@code 127.0.0.0/8}, {@code ::1} and {@code localhost};
 * {@code 0.0.0.0} and {@code ::} listen on every interface and are not loopback; a host name other
 * than {@code localhost} counts as exposed (it is not resolved here); {@code unix:} paths are
 * local. TCP/UDP service listeners are not subject to the rule.
 */
public final class Exposure {

  private static final Cidr LOOPBACK_V4 = Cidr.parse("127.0.0.0/8");
  private static final Cidr LOOPBACK_V6 = Cidr.parse("::1");

  private Exposure() {
  }

  /** True when {@code host} can only be reached from this machine. */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return true; // every netbus host defaults to 127.0.0.1
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("localhost.") || h.startsWith("unix:")) {
      return true;
    }
    byte[] address = Cidr.literal(h);
    return LOOPBACK_V4.contains(address) || LOOPBACK_V6.contains(address);
  }

  /**
   * Checks one guarded listener.
   *
   * @param keyPrefix the listener's key, e.g. {@code bridge} or {@code file.listeners[1]}
   * @param what how the message names it, e.g. {@code the bridge}
   * @param host its bind host
   * @param security its security keys
   * @param auth the node's {@code auth} section, if any
   * @throws ConfigException naming {@code keyPrefix.host}
   */
  public static void check(String keyPrefix, String what, String host, ListenerSecurity security,
      Optional<AuthSection> auth) {
    check(keyPrefix, what, host, security.tls(), security.certificateRequired() || auth.isPresent(),
        security.insecure());
  }

  /**
   * The rule itself, for guarded parts without a {@link ListenerSecurity} (the cluster: mutual
   * TLS there is both TLS and authentication).
   */
  public static void check(String keyPrefix, String what, String host, boolean tls, boolean authenticated,
      boolean insecure) {
    if (insecure || isLoopback(host) || (tls && authenticated)) {
      return;
    }
    String auth = "authentication (\"clientAuth\": \"required\" or an auth section)";
    String needs = tls ? auth : authenticated ? "\"tls\": true" : "\"tls\": true and " + auth;
    throw new ConfigException(prefixed(keyPrefix, "host"), "'" + host + "' is not a loopback address, so "
        + what + " needs " + needs + ", or \"insecure\": true to be exposed anyway");
  }

  static String prefixed(String prefix, String key) {
    return prefix == null || prefix.isEmpty() ? key : prefix + "." + key;
  }
}
