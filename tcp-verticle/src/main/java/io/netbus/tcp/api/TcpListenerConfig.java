package io.netbus.tcp.api;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.framing.Framing;
import io.netbus.tcp.forward.ForwardConfig;
import io.netbus.contract.ForwardTarget;
import io.netbus.security.ListenerSecurity;
import java.util.List;
import java.util.Map;

/**
 * One TCP listener: where it binds, which service answers, how frames are cut, its limits and
 * socket options. Every value is checked here, naming the key, before anything binds.
 *
 * @param service {@code echo|upper|greet|time|chat}, {@code {"address": "...", "timeoutMs": n}}, or
 *     {@code {"forward": ...}} (held as a {@link ForwardConfig})
 * @param welcome sent on connect; default {@code Welcome!} for greet, nothing for the others
 * @param publish publish each inbound frame on {@code netbus.tcp.<name>.in}; default on for every
 *     listener, whatever its service ({@code false} spares a hot-path listener the cost)
 * @param maxConnections connections beyond it (across instances) are refused with a line saying so
 * @param idleTimeoutSeconds close a connection that sent nothing for this long; 0 = never
 * @param maxInFlight {@code {"address": ...}} service: bus requests in flight per connection; past
 *     it the connection stops reading (the rest of a read chunk stays undecoded) until replies come
 * @param tls serve TLS with the node's {@code tls} section ({@link ListenerSecurity})
 * @param clientAuth {@code none} (default) | {@code request} | {@code required}; only with tls
 * @param allow networks let in (CIDR); absent: everyone not denied
 * @param deny networks kept out; deny wins
 */
public record TcpListenerConfig(String name, String host, Integer port, Object service, String framing,
    String welcome, Integer maxFrame, Boolean publish, Integer maxConnections, Integer idleTimeoutSeconds,
    Boolean reuseAddress, Integer backlog, Boolean tcpNoDelay, Boolean keepAlive, Integer maxInFlight,
    Boolean tls, String clientAuth, Boolean insecure, List<String> allow, List<String> deny) {

  public static final List<String> SERVICES = List.of("echo", "upper", "greet", "time", "chat");
  public static final List<String> FRAMINGS = Framing.NAMES;
  public static final String ADDRESS = "address";
  public static final String TIMEOUT_MS = "timeoutMs";
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final int DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_BACKLOG = 1024;
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;

  public TcpListenerConfig {
    name = ConfigChecks.name("name", name);
    host = ConfigChecks.host("host", host);
    if (ForwardTarget.isUnix(host)) {
      ForwardTarget.unixPath("host", host); // a unix socket has no port: "port" may be left out
    } else if (port == null) {
      throw new ConfigException("port", "is required");
    }
    port = ConfigChecks.port("port", port, 0);
    service = checkService(service);
    if (service instanceof ForwardConfig forward) {
      checkForward(forward, host, port, framing, welcome);
    }
    framing = ConfigChecks.oneOf("framing", framing, "raw", FRAMINGS);
    maxFrame = ConfigChecks.positive("maxFrame", maxFrame, Framing.DEFAULT_MAX_FRAME);
    if (welcome == null && "greet".equals(service)) {
      welcome = "Welcome!";
    }
    // DESIGN.md: `.in` is published per inbound frame. It costs throughput (see docs/tcp.md), so a
    // hot-path listener may opt out with "publish": false.
    publish = publish == null || publish;
    maxConnections = ConfigChecks.positive("maxConnections", maxConnections, DEFAULT_MAX_CONNECTIONS);
    idleTimeoutSeconds = ConfigChecks.atLeast("idleTimeoutSeconds", idleTimeoutSeconds, 0, 0);
    reuseAddress = reuseAddress == null || reuseAddress;
    backlog = ConfigChecks.positive("backlog", backlog, DEFAULT_BACKLOG);
    tcpNoDelay = tcpNoDelay == null || tcpNoDelay;
    keepAlive = keepAlive == null || keepAlive;
    maxInFlight = ConfigChecks.positive("maxInFlight", maxInFlight, DEFAULT_MAX_IN_FLIGHT);
    ListenerSecurity.of(tls, clientAuth, insecure, allow, deny, false); // fails naming the key
  }

  /** A listener with every optional key at its default (tests, examples). */
  public static TcpListenerConfig of(String name, int port, Object service, String framing) {
    return new TcpListenerConfig(name, null, port, service, framing, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null);
  }

  /** The listener's TLS and network rules (service listeners: {@code clientAuth} defaults to none). */
  public ListenerSecurity security() {
    return ListenerSecurity.of(tls, clientAuth, insecure, allow, deny, false);
  }

  public Framing framingKind() {
    return Framing.of(framing);
  }

  /** The bus address of an {@code {"address": ...}} service, or null for a built-in service. */
  public String serviceAddress() {
    return service instanceof Map<?, ?> m ? (String) m.get(ADDRESS) : null;
  }

  /** How long an {@code {"address": ...}} service waits for a reply. */
  public int requestTimeoutMs() {
    return service instanceof Map<?, ?> m && m.get(TIMEOUT_MS) instanceof Integer t ? t : DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** The service name, {@code address} for a bus service, {@code forward} for a forwarder. */
  public String serviceName() {
    return service instanceof String s ? s : service instanceof ForwardConfig ? ForwardConfig.FORWARD : ADDRESS;
  }

  /** The forwarder's settings, or null when the listener runs a service. */
  public ForwardConfig forward() {
    return service instanceof ForwardConfig f ? f : null;
  }

  private static void checkForward(ForwardConfig forward, String host, int port, String framing, String welcome) {
    // a forwarder passes bytes through untouched: framing and a welcome would change them
    if (framing != null && !"raw".equals(framing)) {
      throw new ConfigException("framing", "'" + framing + "' does not apply to a forward listener (bytes pass "
          + "through unchanged); leave it out");
    }
    if (welcome != null) {
      throw new ConfigException("welcome", "does not apply to a forward listener (bytes pass through unchanged)");
    }
    forward.checkNotLoop("service", host, port);
  }

  private static Object checkService(Object service) {
    if (service == null) {
      throw new ConfigException("service", "is required (" + String.join(", ", SERVICES)
          + ", {\"address\": \"...\"} or {\"forward\": \"host:port\"})");
    }
    if (service instanceof String s) {
      return ConfigChecks.oneOf("service", s, null, SERVICES);
    }
    if (ForwardConfig.isForward(service)) {
      return ForwardConfig.from("service", service);
    }
    if (service instanceof Map<?, ?> m && m.get(ADDRESS) instanceof String a && !a.isBlank()) {
      for (Object key : m.keySet()) {
        if (!ADDRESS.equals(key) && !TIMEOUT_MS.equals(key)) {
          throw new ConfigException("service." + key, "unknown key (known keys: address, timeoutMs)");
        }
      }
      Object t = m.get(TIMEOUT_MS);
      if (t != null && !(t instanceof Integer)) {
        throw new ConfigException("service.timeoutMs", "expected a whole number");
      }
      int timeout = ConfigChecks.positive("service.timeoutMs", (Integer) t, DEFAULT_REQUEST_TIMEOUT_MS);
      return Map.of(ADDRESS, a.trim(), TIMEOUT_MS, timeout);
    }
    if (service instanceof Map<?, ?> m && m.containsKey(ADDRESS)) {
      throw new ConfigException("service.address", "expected a bus address (a non-empty string), found "
          + io.vertx.core.json.Json.encode(m.get(ADDRESS)));
    }
    throw new ConfigException("service", io.vertx.core.json.Json.encode(service) + " is not one of "
        + String.join(", ", SERVICES) + ", {\"address\": \"...\"} or {\"forward\": \"host:port\"}");
  }
}
