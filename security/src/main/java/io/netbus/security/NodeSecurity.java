package io.netbus.security;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node-wide security sections, {@code tls} and {@code auth}, read once at startup; modules
 * receive this object and check their listeners against it with
 * {@link #checkListener(String, String, String, ListenerSecurity, boolean)}.
 *
 * @param tls the node's identity, when configured
 * @param auth the clients, when configured
 */
public record NodeSecurity(Optional<TlsSection> tls, Optional<AuthSection> auth) {

  /** No tls, no auth: round 1 behaviour. */
  public static final NodeSecurity NONE = new NodeSecurity(Optional.empty(), Optional.empty());

  /** Reads {@code tls} and {@code auth} from the whole config; paths resolve against the working directory. */
  public static NodeSecurity from(JsonObject config) {
    return from(config, Path.of(""));
  }

  public static NodeSecurity from(JsonObject config, Path baseDir) {
    return new NodeSecurity(
        Optional.ofNullable(section(config, TlsSection.SECTION)).map(s -> TlsSection.from(s, baseDir)),
        Optional.ofNullable(section(config, AuthSection.SECTION)).map(AuthSection::from));
  }

  /**
   * Checks a listener against the node: {@code "tls": true} needs the {@code tls} section, and a
   * guarded listener ({@code guarded}: bridge, exchange, metrics) obeys {@link Exposure}.
   *
   * @param keyPrefix the listener's key, e.g. {@code file.listeners[1]}
   * @param what how messages name it, e.g. {@code the exchange listener 'files'}
   */
  public void checkListener(String keyPrefix, String what, String host, ListenerSecurity security, boolean guarded) {
    if (security.tls() && tls.isEmpty()) {
      throw new ConfigException(Exposure.prefixed(keyPrefix, ListenerSecurity.TLS),
          "true needs the top-level \"tls\" section {\"cert\", \"key\", \"ca\"}");
    }
    if (guarded) {
      Exposure.check(keyPrefix, what, host, security, auth);
    }
  }

  /** The identity, for a listener already checked to need it. */
  public TlsSection requireTls() {
    return tls.orElseThrow(() -> new IllegalStateException("no tls section; checkListener lets no TLS listener through without one"));
  }

  private static JsonObject section(JsonObject config, String key) {
    Object v = config.getValue(key);
    if (v == null || v instanceof JsonObject) {
      return (JsonObject) v;
    }
    throw new ConfigException(key, "expected an object { ... }, found " + v);
  }
}
