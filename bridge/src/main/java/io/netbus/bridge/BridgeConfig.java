package io.netbus.bridge;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.netbus.security.ListenerSecurity;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code bridge} section: where outside bus clients connect, which addresses they may use,
 * and the limits that keep one client from hurting the node.
 *
 * @param inbound regexes of addresses clients may send/publish to (whole-address match)
 * @param outbound regexes of addresses clients may register for
 * @param maxFrame largest frame a client may send, in bytes; a larger length claim closes it
 * @param maxConnections clients at once; more are refused with {@code too_many_connections}
 * @param idleTimeoutSeconds a connection with no traffic either way for this long is closed (0: never)
 * @param requestTimeoutMs how long a client's request waits for a reply unless its {@code timeout} header says
 * @param tls serve TLS with the node's {@code tls} identity
 * @param clientAuth {@code none|request|required}; {@code required} by default with {@code tls}
 * @param insecure accept being exposed off loopback without TLS and authentication
 * @param allow CIDRs of the peers let in (absent: everyone)
 * @param deny CIDRs of the peers kept out (deny wins)
 */
public record BridgeConfig(String host, Integer port, List<String> inbound, List<String> outbound, Integer maxFrame,
    Integer maxConnections, Integer idleTimeoutSeconds, Integer requestTimeoutMs, Boolean tls, String clientAuth,
    Boolean insecure, List<String> allow, List<String> deny) {

  public static final List<String> ALL_NETBUS = List.of("netbus\\..+");
  public static final int DEFAULT_PORT = 7000;
  public static final int DEFAULT_MAX_FRAME = 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

  public BridgeConfig {
    host = ConfigChecks.host("host", host);
    port = ConfigChecks.port("port", port, DEFAULT_PORT);
    inbound = regexes("inbound", inbound);
    outbound = regexes("outbound", outbound);
    maxFrame = ConfigChecks.atLeast("maxFrame", maxFrame, DEFAULT_MAX_FRAME, 64);
    maxConnections = ConfigChecks.positive("maxConnections", maxConnections, DEFAULT_MAX_CONNECTIONS);
    idleTimeoutSeconds = ConfigChecks.atLeast("idleTimeoutSeconds", idleTimeoutSeconds, DEFAULT_IDLE_TIMEOUT_SECONDS, 0);
    requestTimeoutMs = ConfigChecks.positive("requestTimeoutMs", requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS);
    security(tls, clientAuth, insecure, allow, deny); // refuses bad values, naming the key
  }


  public static BridgeConfig from(JsonObject section) {
    return SectionMapper.read(section, BridgeConfig.class, BridgeModule.SECTION);
  }

  /** The bridge's TLS, client authentication and network rules. */
  public ListenerSecurity security() {
    return security(tls, clientAuth, insecure, allow, deny);
  }

  private static ListenerSecurity security(Boolean tls, String clientAuth, Boolean insecure, List<String> allow,
      List<String> deny) {
    return ListenerSecurity.of(tls, clientAuth, insecure, allow, deny, true);
  }

  private static List<String> regexes(String key, List<String> values) {
    List<String> list = values == null ? ALL_NETBUS : List.copyOf(values);
    for (int i = 0; i < list.size(); i++) {
      try {
        Pattern.compile(list.get(i));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(key + "[" + i + "]", "'" + list.get(i) + "' is not a valid regex: " + e.getDescription());
      }
    }
    return list;
  }
}
