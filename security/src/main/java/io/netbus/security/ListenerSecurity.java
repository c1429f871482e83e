package io.netbus.security;

import io.netbus.contract.ConfigException;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The security keys every listener shares (TCP and file listeners, {@code bridge},
 * {@code metrics}): {@code tls} (serve TLS 1.2/1.3 with the node's identity), {@code clientAuth}
 * ({@code none|request|required}), {@code insecure} (accept exposure off loopback without TLS and
 * authentication), {@code allow}/{@code deny} (CIDR lists). A module's config record keeps these
 * keys and builds one of these; {@link TlsOptionsFactory#server} and {@link NetRules#permits}
 * then do the work.
 *
 * <p>{@code clientAuth} defaults to {@code required} when {@code tls} is on for the kinds that
 * guard the node (bridge, exchange listener, metrics: {@code authRequiredKind}), and to
 * {@code none} for TCP service listeners. Setting it without {@code "tls": true} is an error,
 * because it would silently do nothing.
 */
public record ListenerSecurity(boolean tls, ClientAuth clientAuth, boolean insecure, NetRules rules) {

  public static final String TLS = "tls";
  public static final String CLIENT_AUTH = "clientAuth";
  public static final String INSECURE = "insecure";
  /** The keys this record reads, for modules that list a listener's known keys. */
  public static final List<String> KEYS = List.of(TLS, CLIENT_AUTH, INSECURE, NetRules.ALLOW, NetRules.DENY);
  public static final List<String> CLIENT_AUTH_VALUES = List.of("none", "request", "required");

  /** Plaintext, open to every peer, not marked insecure: a loopback listener's defaults. */
  public static final ListenerSecurity PLAIN = new ListenerSecurity(false, ClientAuth.NONE, false, NetRules.OPEN);

  /**
   * From the values of a config record; errors name keys relative to the listener ({@code tls},
   * {@code allow[1]}), the record's mapper adds the listener's path.
   */
  public static ListenerSecurity of(Boolean tls, String clientAuth, Boolean insecure, List<String> allow,
      List<String> deny, boolean authRequiredKind) {
    boolean on = tls != null && tls;
    if (clientAuth != null && !on) {
      throw new ConfigException(CLIENT_AUTH, "'" + clientAuth + "' needs \"tls\": true (client certificates come with TLS)");
    }
    ClientAuth auth = on
        ? clientAuth(CLIENT_AUTH, clientAuth, authRequiredKind ? ClientAuth.REQUIRED : ClientAuth.NONE)
        : ClientAuth.NONE;
    return new ListenerSecurity(on, auth, insecure != null && insecure, NetRules.of(allow, deny));
  }

  /**
   * Reads the keys from a listener's JSON (other keys are the caller's business); errors name
   * {@code keyPrefix.key}, e.g. {@code bridge.clientAuth} or {@code file.listeners[1].allow[0]}.
   */
  public static ListenerSecurity from(JsonObject listener, String keyPrefix, boolean authRequiredKind) {
    try {
      return of(bool(listener, TLS), string(listener, CLIENT_AUTH), bool(listener, INSECURE),
          strings(listener, NetRules.ALLOW), strings(listener, NetRules.DENY), authRequiredKind);
    } catch (ConfigException e) {
      throw e.under(keyPrefix);
    }
  }

  /** Parses {@code none|request|required} (any case); {@code fallback} when null. */
  public static ClientAuth clientAuth(String key, String value, ClientAuth fallback) {
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> ClientAuth.NONE;
      case "request" -> ClientAuth.REQUEST;
      case "required" -> ClientAuth.REQUIRED;
      default -> throw new ConfigException(key, "'" + value + "' is not one of " + String.join(", ", CLIENT_AUTH_VALUES));
    };
  }

  /** True when every client must present a CA-signed certificate, which names it. */
  public boolean certificateRequired() {
    return tls && clientAuth == ClientAuth.REQUIRED;
  }

  private static Boolean bool(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null || v instanceof Boolean) {
      return (Boolean) v;
    }
    throw new ConfigException(key, "expected true or false, found " + show(v));
  }

  private static String string(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new ConfigException(key, "expected a string, found " + show(v));
  }

  private static List<String> strings(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray array)) {
      throw new ConfigException(key, "expected a list [ ... ], found " + show(v));
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw new ConfigException(key + "[" + i + "]", "expected a string, found " + show(array.getValue(i)));
      }
      list.add(s);
    }
    return list;
  }

  private static String show(Object v) {
    return v instanceof String s ? "'" + s + "'" : io.vertx.core.json.Json.encode(v);
  }
}
