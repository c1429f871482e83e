package io.netbus.tcp.forward;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.vertx.core.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The {@code "service": {"forward": ...}} of a TCP listener: where each accepted connection is
 * joined to, whether that leg speaks TLS, which cluster node dials it, and how long the dial may
 * take. Written either as {@code {"forward": "host:port"}} or as
 * {@code {"forward": {"target": "host:port" | "unix:/path", "tls": false, "via": "node",
 * "connectTimeoutMs": 5000}}}; every value is checked here, naming the key.
 *
 * @param target where connections go
 * @param tls originate TLS to the target (verified against the node's CA, else the JVM's trust)
 * @param via the cluster node that dials the target, or null for this node
 * @param connectTimeoutMs how long a dial may take before the client is closed
 */
public record ForwardConfig(ForwardTarget target, boolean tls, String via, int connectTimeoutMs) {

  /** The service key that makes a listener a forwarder. */
  public static final String FORWARD = "forward";
  public static final String TARGET = "target";
  public static final String TLS = "tls";
  public static final String VIA = "via";
  public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
  public static final List<String> KEYS = List.of(TARGET, TLS, VIA, CONNECT_TIMEOUT_MS);
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

  /** True when a listener's {@code service} value asks for a forwarder. */
  public static boolean isForward(Object service) {
    return service instanceof Map<?, ?> m && m.containsKey(FORWARD);
  }

  /**
   * Reads {@code {"forward": ...}} (the whole service value); keys in errors are relative to
   * {@code serviceKey}, e.g. {@code service.forward.target}.
   */
  public static ForwardConfig from(String serviceKey, Object service) {
    Map<?, ?> outer = (Map<?, ?>) service;
    for (Object key : outer.keySet()) {
      if (!FORWARD.equals(key)) {
        throw new ConfigException(serviceKey + "." + key, "unknown key next to forward (put options inside: "
            + "{\"forward\": {\"target\": ..., " + String.join(", ", KEYS.subList(1, KEYS.size())) + "}})");
      }
    }
    String key = serviceKey + "." + FORWARD;
    Object value = outer.get(FORWARD);
    if (value instanceof String s) {
      return new ForwardConfig(ForwardTarget.parse(key, s), false, null, DEFAULT_CONNECT_TIMEOUT_MS);
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new ConfigException(key, "expected \"host:port\", \"unix:/path\" or {\"target\": ...}, found "
          + Json.encode(value));
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(k)) {
        throw new ConfigException(key + "." + k, "unknown key (known keys: " + String.join(", ", KEYS) + ")");
      }
    }
    Object target = m.get(TARGET);
    if (target != null && !(target instanceof String)) {
      throw new ConfigException(key + "." + TARGET, "expected \"host:port\" or \"unix:/path\", found "
          + Json.encode(target));
    }
    Object tls = m.get(TLS);
    if (tls != null && !(tls instanceof Boolean)) {
      throw new ConfigException(key + "." + TLS, "expected true or false, found " + Json.encode(tls));
    }
    Object via = m.get(VIA);
    if (via != null && !(via instanceof String)) {
      throw new ConfigException(key + "." + VIA, "expected a node name, found " + Json.encode(via));
    }
    Object timeout = m.get(CONNECT_TIMEOUT_MS);
    if (timeout != null && !(timeout instanceof Integer)) {
      throw new ConfigException(key + "." + CONNECT_TIMEOUT_MS, "expected a whole number of milliseconds, found "
          + Json.encode(timeout));
    }
    return new ForwardConfig(ForwardTarget.parse(key + "." + TARGET, (String) target), Boolean.TRUE.equals(tls),
        via == null ? null : ConfigChecks.name(key + "." + VIA, (String) via),
        ConfigChecks.positive(key + "." + CONNECT_TIMEOUT_MS, (Integer) timeout, DEFAULT_CONNECT_TIMEOUT_MS));
  }

  /**
   * Refuses a listener that would forward to itself (each connection would open another, until
   * the node runs out of sockets). Only the detectable cases: the same unix path, or the same
   * port on the same host name or a loopback name for a loopback listener.
   */
  public void checkNotLoop(String serviceKey, String listenerHost, int listenerPort) {
    if (via != null) {
      return; // another node dials: its 127.0.0.1:5432 is not this listener (ssh -L 5432:localhost:5432 gw)
    }
    boolean loop;
    if (target.isUnix()) {
      loop = ForwardTarget.isUnix(listenerHost) && target.path().equals(listenerHost.substring(ForwardTarget.UNIX
          .length()));
    } else {
      loop = listenerPort != 0 && listenerPort == target.port() && (target.host().equalsIgnoreCase(listenerHost)
          || isLoopbackName(target.host()) && (isLoopbackName(listenerHost) || "0.0.0.0".equals(listenerHost)
          || "::".equals(listenerHost)));
    }
    if (loop) {
      throw new ConfigException(serviceKey + "." + FORWARD, "forwards to the listener itself (" + target + ")");
    }
  }

  private static boolean isLoopbackName(String host) {
    return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "::1".equals(host);
  }
}
