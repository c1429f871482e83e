package io.netbus.launcher.config;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.netbus.security.Exposure;
import io.netbus.security.NodeSecurity;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code cluster} section: whether this node joins a Hazelcast cluster, on which interface,
 * with whom, and how fast the cluster notices a lost node.
 *
 * @param host this machine's address on the cluster's network: Hazelcast binds there only and
 *     the event bus listens there unless {@code eventBusHost} says otherwise
 * @param port Hazelcast's port (no auto-increment: a node binds exactly where it is told)
 * @param members the TCP-IP member list, {@code host[:port]} each (ignored with multicast)
 * @param multicast join by multicast discovery instead of the member list (off by default)
 * @param publicHost the address other nodes should use for this one (NAT, multi-NIC), if not host
 * @param eventBusHost where the clustered event bus listens (default: host)
 * @param eventBusPort the event bus's port (0: any free port; it is advertised through Hazelcast)
 * @param name the cluster's name: nodes with another name never join this cluster
 * @param heartbeatSeconds how often members tell each other they are alive
 * @param maxNoHeartbeatSeconds a member silent this long is dropped (its consumers go with it)
 * @param mergeDelaySeconds how often split clusters look for each other to merge
 * @param tls the clustered event bus speaks mutual TLS with the node's {@code tls} identity: only
 *     nodes whose certificate chains to {@code tls.ca} deliver or receive messages
 * @param insecure accept a cluster bound off loopback without {@code tls}
 */
public record ClusterConfig(Boolean enabled, String host, Integer port, List<String> members, Boolean multicast,
    String publicHost, String eventBusHost, Integer eventBusPort, String name, Integer heartbeatSeconds,
    Integer maxNoHeartbeatSeconds, Integer mergeDelaySeconds, Boolean tls, Boolean insecure) {

  public static final int DEFAULT_PORT = 5701;
  public static final String DEFAULT_NAME = "netbus";

  public ClusterConfig {
    enabled = enabled != null && enabled;
    host = ConfigChecks.host("host", host);
    if (isWildcard(host)) {
      throw new ConfigException("host", "'" + host + "' is not an interface: give this machine's address on the"
          + " cluster's network (Hazelcast binds there and other nodes connect to it)");
    }
    port = ConfigChecks.port("port", port, DEFAULT_PORT);
    if (port == 0) {
      throw new ConfigException("port", "0: Hazelcast needs a fixed port that the other members list");
    }
    members = members == null ? List.of(host + ":" + port) : List.copyOf(members);
    for (int i = 0; i < members.size(); i++) {
      checkMember("members[" + i + "]", members.get(i));
    }
    multicast = multicast != null && multicast;
    if (publicHost != null && (publicHost.isBlank() || isWildcard(publicHost.trim()))) {
      throw new ConfigException("publicHost", "'" + publicHost + "' cannot be reached by other nodes");
    }
    publicHost = publicHost == null ? null : publicHost.trim();
    eventBusHost = eventBusHost == null ? host : ConfigChecks.host("eventBusHost", eventBusHost);
    eventBusPort = ConfigChecks.port("eventBusPort", eventBusPort, 0);
    name = name == null ? DEFAULT_NAME : ConfigChecks.name("name", name);
    heartbeatSeconds = ConfigChecks.positive("heartbeatSeconds", heartbeatSeconds, 1);
    maxNoHeartbeatSeconds = ConfigChecks.atLeast("maxNoHeartbeatSeconds", maxNoHeartbeatSeconds, 5,
        heartbeatSeconds * 2);
    mergeDelaySeconds = ConfigChecks.positive("mergeDelaySeconds", mergeDelaySeconds, 10);
    tls = tls != null && tls;
    insecure = insecure != null && insecure;
  }

  /** A plaintext cluster (tests and tools that do not read a config file). */
  public ClusterConfig(Boolean enabled, String host, Integer port, List<String> members, Boolean multicast,
      String publicHost, String eventBusHost, Integer eventBusPort, String name, Integer heartbeatSeconds,
      Integer maxNoHeartbeatSeconds, Integer mergeDelaySeconds) {
    this(enabled, host, port, members, multicast, publicHost, eventBusHost, eventBusPort, name, heartbeatSeconds,
        maxNoHeartbeatSeconds, mergeDelaySeconds, null, null);
  }

  public static ClusterConfig from(JsonObject section) {
    return SectionMapper.read(section, ClusterConfig.class, NodeConfig.CLUSTER);
  }

  public ClusterConfig withEnabled(boolean on) {
    return new ClusterConfig(on, host, port, members, multicast, publicHost, eventBusHost, eventBusPort, name,
        heartbeatSeconds, maxNoHeartbeatSeconds, mergeDelaySeconds, tls, insecure);
  }

  /**
   * Secure by default, for an enabled cluster: {@code tls} needs the node's identity, and a
   * cluster whose Hazelcast or event-bus address is off loopback needs {@code tls} (mutual TLS is
   * TLS and authentication at once) or {@code insecure}. Errors name {@code cluster.<key>}.
   */
  public void checkSecurity(NodeSecurity security) {
    if (!enabled) {
      return;
    }
    if (tls && security.tls().isEmpty()) {
      throw new ConfigException(NodeConfig.CLUSTER + ".tls",
          "true needs the top-level \"tls\" section {\"cert\", \"key\", \"ca\"} (the node's identity)");
    }
    Exposure.check(NodeConfig.CLUSTER, "the cluster", host, tls, tls, insecure);
    if (!eventBusHost.equals(host)) {
      try {
        Exposure.check(NodeConfig.CLUSTER, "the cluster's event bus", eventBusHost, tls, tls, insecure);
      } catch (ConfigException e) {
        throw new ConfigException(NodeConfig.CLUSTER + ".eventBusHost",
            e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
      }
    }
  }

  /** The address other nodes use to reach this node's event bus. */
  public String advertisedHost() {
    return publicHost != null ? publicHost : eventBusHost;
  }

  public static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("::0");
  }

  /** The host part of a member entry ({@code host}, {@code host:port}, {@code [v6]:port}). */
  public static String memberHost(String member) {
    String m = member.trim();
    if (m.startsWith("[")) {
      int end = m.indexOf(']');
      return end < 0 ? m : m.substring(1, end);
    }
    int colon = m.indexOf(':');
    return colon >= 0 && m.indexOf(':', colon + 1) < 0 ? m.substring(0, colon) : m;
  }

  private static void checkMember(String key, String member) {
    if (member == null || member.isBlank()) {
      throw new ConfigException(key, "empty member address");
    }
    String m = member.trim();
    String host = memberHost(m);
    if (isWildcard(host)) {
      throw new ConfigException(key, "'" + m + "' is not an address a node can connect to");
    }
    String rest = m.startsWith("[") ? m.substring(m.indexOf(']') + 1) : m.substring(host.length());
    if (rest.startsWith(":")) {
      try {
        ConfigChecks.port(key, Integer.parseInt(rest.substring(1)), DEFAULT_PORT);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "'" + m + "': '" + rest.substring(1) + "' is not a port");
      }
    } else if (!rest.isEmpty()) {
      throw new ConfigException(key, "'" + m + "' is not host[:port]");
    }
  }
}
