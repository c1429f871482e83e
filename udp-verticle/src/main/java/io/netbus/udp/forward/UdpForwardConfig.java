package io.netbus.udp.forward;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.vertx.core.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The {@code "service": {"forward": ...}} of a UDP listener: {@code {"forward": "host:port"}} or
 * {@code {"forward": {"target": "host:port", "sessionTimeoutSeconds": 60, "maxSessions": 1024}}}.
 * Each sender gets a session (its own upstream socket) that ends after
 * {@code sessionTimeoutSeconds} without traffic either way; past {@code maxSessions}, datagrams
 * from new senders are dropped and counted.
 */
public record UdpForwardConfig(ForwardTarget target, int sessionTimeoutSeconds, int maxSessions) {

  public static final String FORWARD = "forward";
  public static final String TARGET = "target";
  public static final String SESSION_TIMEOUT_SECONDS = "sessionTimeoutSeconds";
  public static final String MAX_SESSIONS = "maxSessions";
  public static final List<String> KEYS = List.of(TARGET, SESSION_TIMEOUT_SECONDS, MAX_SESSIONS);
  public static final int DEFAULT_SESSION_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_MAX_SESSIONS = 1024;

  /** True when a listener's {@code service} value asks for a forwarder. */
  public static boolean isForward(Object service) {
    return service instanceof Map<?, ?> m && m.containsKey(FORWARD);
  }

  /** Reads {@code {"forward": ...}}; keys in errors are relative to {@code serviceKey}. */
  public static UdpForwardConfig from(String serviceKey, Object service) {
    Map<?, ?> outer = (Map<?, ?>) service;
    for (Object key : outer.keySet()) {
      if (!FORWARD.equals(key)) {
        throw new ConfigException(serviceKey + "." + key, "unknown key next to forward (put options inside: "
            + "{\"forward\": {\"target\": ..., " + SESSION_TIMEOUT_SECONDS + ", " + MAX_SESSIONS + "}})");
      }
    }
    String key = serviceKey + "." + FORWARD;
    Object value = outer.get(FORWARD);
    if (value instanceof String s) {
      return new UdpForwardConfig(target(key, s), DEFAULT_SESSION_TIMEOUT_SECONDS, DEFAULT_MAX_SESSIONS);
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new ConfigException(key, "expected \"host:port\" or {\"target\": ...}, found " + Json.encode(value));
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(k)) {
        throw new ConfigException(key + "." + k, "unknown key (known keys: " + String.join(", ", KEYS) + ")");
      }
    }
    Object target = m.get(TARGET);
    if (target != null && !(target instanceof String)) {
      throw new ConfigException(key + "." + TARGET, "expected \"host:port\", found " + Json.encode(target));
    }
    return new UdpForwardConfig(target(key + "." + TARGET, (String) target),
        ConfigChecks.positive(key + "." + SESSION_TIMEOUT_SECONDS, integer(key, m, SESSION_TIMEOUT_SECONDS),
            DEFAULT_SESSION_TIMEOUT_SECONDS),
        ConfigChecks.positive(key + "." + MAX_SESSIONS, integer(key, m, MAX_SESSIONS), DEFAULT_MAX_SESSIONS));
  }

  private static Integer integer(String key, Map<?, ?> m, String name) {
    Object v = m.get(name);
    if (v != null && !(v instanceof Integer)) {
      throw new ConfigException(key + "." + name, "expected a whole number, found " + Json.encode(v));
    }
    return (Integer) v;
  }

  private static ForwardTarget target(String key, String text) {
    ForwardTarget t = ForwardTarget.parse(key, text);
    if (t.isUnix()) {
      throw new ConfigException(key, "'" + t + "': a UDP listener forwards to host:port only");
    }
    return t;
  }

  /** Refuses a listener that would forward its datagrams to itself. */
  public void checkNotLoop(String serviceKey, String listenerHost, int listenerPort) {
    String h = target.host();
    boolean loopback = "localhost".equalsIgnoreCase(h) || h.startsWith("127.") || "::1".equals(h);
    if (listenerPort != 0 && listenerPort == target.port() && (h.equalsIgnoreCase(listenerHost)
        || loopback && (listenerHost.startsWith("127.") || "0.0.0.0".equals(listenerHost)
        || "localhost".equalsIgnoreCase(listenerHost)))) {
      throw new ConfigException(serviceKey + "." + FORWARD, "forwards to the listener itself (" + target + ")");
    }
  }
}
