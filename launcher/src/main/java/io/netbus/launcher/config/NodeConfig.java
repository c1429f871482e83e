package io.netbus.launcher.config;

import io.netbus.contract.ConfigException;
import io.netbus.contract.NetbusModule;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's config after validation: the raw sections for the modules that are present, and
 * typed records for the launcher's own sections. Unknown top-level keys are refused, because a
 * misspelt section ({@code "tpc"}) would otherwise silently deploy nothing.
 */
public record NodeConfig(JsonObject json, Optional<BridgeConfig> bridge, ClusterConfig cluster, LogConfig log) {

  public static final String BRIDGE = "bridge";
  public static final String CLUSTER = "cluster";
  public static final String LOG = "log";

  /** Checks every section; throws {@link ConfigException} naming the first bad key. */
  public static NodeConfig validate(JsonObject json, List<NetbusModule> modules) {
    List<String> known = new ArrayList<>();
    modules.forEach(m -> known.add(m.section()));
    known.addAll(List.of(BRIDGE, CLUSTER, LOG));
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException(key, "unknown section (known sections: " + String.join(", ", known) + ")");
      }
      if (!(json.getValue(key) instanceof JsonObject)) {
        throw new ConfigException(key, "expected an object { ... }, found " + json.getValue(key));
      }
    }
    for (NetbusModule module : modules) {
      JsonObject section = json.getJsonObject(module.section());
      if (section != null) {
        module.validate(section);
      }
    }
    Optional<BridgeConfig> bridge = Optional.ofNullable(json.getJsonObject(BRIDGE)).map(BridgeConfig::from);
    ClusterConfig cluster = ClusterConfig.from(json.getJsonObject(CLUSTER, new JsonObject()));
    LogConfig log = LogConfig.from(json.getJsonObject(LOG, new JsonObject()));
    return new NodeConfig(json, bridge, cluster, log);
  }

  /** The same config with clustering forced on ({@code run --cluster}). */
  public NodeConfig withClusterEnabled() {
    return new NodeConfig(json, bridge, cluster.withEnabled(true), log);
  }
}
