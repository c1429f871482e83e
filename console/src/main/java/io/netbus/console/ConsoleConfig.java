package io.netbus.console;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.netbus.security.Exposure;
import io.netbus.security.NetRules;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code metrics} section: where the node's HTTP side (Prometheus metrics, health, console)
 * listens and who may reach it. Off loopback it refuses to start unless {@code insecure} says so,
 * because it shows every listener and tails bus traffic.
 *
 * @param tls serve HTTPS; refused until the node has a {@code tls} identity to serve it with
 * @param insecure allow a non-loopback {@code host} without TLS and authentication
 * @param allow CIDR blocks that may connect (absent: everyone); {@code deny} wins over it
 * @param tail regexes of bus addresses the console's live tail may receive
 * @param disk paths whose file system must keep {@code minFreeMb} free for {@code /health}
 */
public record ConsoleConfig(String host, Integer port, Boolean tls, Boolean insecure, List<String> allow,
    List<String> deny, List<String> tail, List<String> disk, Integer minFreeMb) {

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
    tls = tls != null && tls;
    insecure = insecure != null && insecure;
    NetRules.of(allow, deny); // checks both lists, naming allow[i] / deny[i]
    allow = allow == null ? null : List.copyOf(allow);
    deny = deny == null ? null : List.copyOf(deny);
    tail = regexes("tail", tail == null ? DEFAULT_TAIL : tail);
    disk = disk == null ? List.of(".") : List.copyOf(disk);
    for (int i = 0; i < disk.size(); i++) {
      ConfigChecks.required("disk[" + i + "]", disk.get(i));
    }
    minFreeMb = ConfigChecks.atLeast("minFreeMb", minFreeMb, DEFAULT_MIN_FREE_MB, 0);
    if (tls) {
      // The hook for TLS + Bearer tokens: they come with the node's tls and auth sections.
      throw new ConfigException("tls", "not available yet: the console serves plain HTTP (keep it on loopback, "
          + "or set \"insecure\": true)");
    }
    if (!insecure && !Exposure.isLoopback(host)) {
      throw new ConfigException("host", "'" + host + "' is not a loopback address: the console and /metrics "
          + "would be open to the network without TLS or authentication; set \"insecure\": true to allow it");
    }
  }

  /** Reads and checks the section; errors name the full key ({@code metrics.port}). */
  public static ConsoleConfig from(JsonObject section) {
    return SectionMapper.read(section, ConsoleConfig.class, SECTION);
  }

  /** Is {@code host} a loopback address (so only this machine can reach the console)? */
  public boolean onLoopback() {
    return Exposure.isLoopback(host);
  }

  /** Who may connect: {@code allow} and {@code deny} as the security module reads them. */
  public NetRules rules() {
    return NetRules.of(allow, deny);
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
