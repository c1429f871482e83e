package io.netbus.console;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.netbus.security.Exposure;
import io.netbus.security.ListenerSecurity;
import io.netbus.security.NetRules;
import io.netbus.security.NodeSecurity;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code metrics} section: where the node's HTTP side (Prometheus metrics, health, console)
 * listens and who may reach it. Off loopback it refuses to start
 * ({@link #from(JsonObject, NodeSecurity)}) unless it has TLS and authentication or
 * {@code insecure} says so, because it shows every listener and tails bus traffic.
 *
 * @param tls serve HTTPS with the node's {@code tls} identity
 * @param clientAuth {@code none|request|required}; {@code required} by default with {@code tls}
 * @param insecure allow a non-loopback {@code host} without TLS and authentication
 * @param allow CIDR blocks that may connect (absent: everyone); {@code deny} wins over it
 * @param tail regexes of bus addresses the console's live tail may receive
 * @param disk paths whose file system must keep {@code minFreeMb} free for {@code /health};
 *     absent: {@code file.root} when the node has a file section, else the working directory
 * @param healthOpen with an {@code auth} section off loopback, let unauthenticated callers (load
 *     balancers) read {@code /health}'s verdict, without its details
 */
public record ConsoleConfig(String host, Integer port, Boolean tls, String clientAuth, Boolean insecure,
    List<String> allow, List<String> deny, List<String> tail, List<String> disk, Integer minFreeMb,
    Boolean healthOpen) {

  public static final String SECTION = "metrics";
  public static final int DEFAULT_PORT = 9100;
  /**
   * What the tail may show unless configured: what the TCP and UDP listeners publish (frames in,
   * connection events). Only published addresses: a tail registered on an address that gets
   * point-to-point sends would take turns with its real consumer and steal half its messages.
   */
  public static final List<String> DEFAULT_TAIL = List.of("netbus\\.(tcp|udp)\\.[^.]+\\.(in|events)");
  public static final int DEFAULT_MIN_FREE_MB = 64;

  public ConsoleConfig {
    host = ConfigChecks.host("host", host);
    port = ConfigChecks.port("port", port, DEFAULT_PORT);
    security(tls, clientAuth, insecure, allow, deny); // refuses bad values, naming the key
    tls = tls != null && tls;
    insecure = insecure != null && insecure;
    healthOpen = healthOpen != null && healthOpen;
    allow = allow == null ? null : List.copyOf(allow);
    deny = deny == null ? null : List.copyOf(deny);
    tail = regexes("tail", tail == null ? DEFAULT_TAIL : tail);
    if (disk != null) {
      disk = List.copyOf(disk);
      for (int i = 0; i < disk.size(); i++) {
        ConfigChecks.required("disk[" + i + "]", disk.get(i));
      }
    }
    minFreeMb = ConfigChecks.atLeast("minFreeMb", minFreeMb, DEFAULT_MIN_FREE_MB, 0);
  }

  /** Reads and checks the section; errors name the full key ({@code metrics.port}). */
  public static ConsoleConfig from(JsonObject section) {
    return SectionMapper.read(section, ConsoleConfig.class, SECTION);
  }

  /**
   * Reads the section and checks it against the node: {@code "tls": true} needs the node's
   * {@code tls} section, and off loopback the server needs TLS and authentication (client
   * certificates required, or an {@code auth} section) unless {@code insecure}.
   */
  public static ConsoleConfig from(JsonObject section, NodeSecurity node) {
    ConsoleConfig config = from(section);
    node.checkListener(SECTION, "the metrics server (console, /metrics)", config.host(), config.security(), true);
    return config;
  }

  /** The server's TLS, client authentication and network rules. */
  public ListenerSecurity security() {
    return security(tls, clientAuth, insecure, allow, deny);
  }

  /** The paths {@code /health} checks: {@code disk}, else the node's file root, else the working directory. */
  public List<String> diskPaths(ConsoleContext node) {
    return disk != null ? disk : List.of(node.fileRoot() == null ? "." : node.fileRoot());
  }

  /** Is {@code host} a loopback address (so only this machine can reach the console)? */
  public boolean onLoopback() {
    return Exposure.isLoopback(host);
  }

  /** Who may connect: {@code allow} and {@code deny} as the security module reads them. */
  public NetRules rules() {
    return NetRules.of(allow, deny);
  }

  private static ListenerSecurity security(Boolean tls, String clientAuth, Boolean insecure, List<String> allow,
      List<String> deny) {
    return ListenerSecurity.of(tls, clientAuth, insecure, allow, deny, true);
  }

  private static List<String> regexes(String key, List<String> values) {
    List<String> list = List.copyOf(values);
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
