package io.netbus.launcher.config;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code cluster} section: whether this node joins a Hazelcast cluster, on which interface, with whom. */
public record ClusterConfig(Boolean enabled, String host, Integer port, List<String> members) {

  public ClusterConfig {
    enabled = enabled != null && enabled;
    host = ConfigChecks.host("host", host);
    port = ConfigChecks.port("port", port, 5701);
    members = members == null ? List.of(host + ":" + port) : List.copyOf(members);
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i) == null || members.get(i).isBlank()) {
        throw new ConfigException("members[" + i + "]", "empty member address");
      }
    }
  }

  public static ClusterConfig from(JsonObject section) {
    return SectionMapper.read(section, ClusterConfig.class, NodeConfig.CLUSTER);
  }

  public ClusterConfig withEnabled(boolean on) {
    return new ClusterConfig(on, host, port, members);
  }
}
