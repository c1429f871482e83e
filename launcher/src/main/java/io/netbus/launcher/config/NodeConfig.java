package io.netbus.launcher.config;

import io.netbus.bridge.BridgeConfig;
import io.netbus.bridge.BridgeModule;
import io.netbus.contract.ConfigException;
import io.netbus.contract.NetbusModule;
import io.netbus.security.AuthSection;
import io.netbus.security.NodeSecurity;
import io.netbus.security.SecuredModule;
import io.netbus.security.TlsSection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's config after validation: the raw sections for the modules that are present, and
 * typed records for the launcher's own sections. Unknown top-level keys are refused, because a
 * misspelt section ({@code "tpc"}) would otherwise silently deploy nothing.
 */
public record NodeConfig(JsonObject json, ClusterConfig cluster, LogConfig log, NodeSecurity security,
    NodeSection node) {

  public static final String CLUSTER = "cluster";
  public static final String LOG = "log";
  public static final String NODE = "node";

  /** Checks every section; throws {@link ConfigException} naming the first bad key. */
  public static NodeConfig validate(JsonObject json, List<NetbusModule> modules) {
    List<String> known = new ArrayList<>();
    modules.forEach(m -> known.add(m.section()));
    known.addAll(List.of(CLUSTER, LOG, TlsSection.SECTION, AuthSection.SECTION, NODE));
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException(key, "unknown section (known sections: " + String.join(", ", known) + ")");
      }
      if (!(json.getValue(key) instanceof JsonObject)) {
        throw new ConfigException(key, "expected an object { ... }, found " + json.getValue(key));
      }
    }
    // tls and auth first: the modules check their listeners against them
    NodeSecurity security = NodeSecurity.from(json);
    for (NetbusModule module : modules) {
      JsonObject section = json.getJsonObject(module.section());
      if (section != null && module instanceof SecuredModule secured) {
        secured.validate(section, security);
      } else if (section != null) {
        module.validate(section);
      }
    }
    checkTcpPortsDistinct(json);
    ClusterConfig cluster = ClusterConfig.from(json.getJsonObject(CLUSTER, new JsonObject()));
    LogConfig log = LogConfig.from(json.getJsonObject(LOG, new JsonObject()));
    NodeSection node = NodeSection.from(json.getJsonObject(NODE, new JsonObject()));
    cluster.checkSecurity(security);
    return new NodeConfig(json, cluster, log, security, node);
  }

  /**
   * Two TCP servers of one node on the same host and port would not fail to bind: Vert.x shares
   * the port between them and hands connections to each in turn, so half the clients of one
   * listener would silently get the other's service. Refuse it as the config error it is.
   */
  private static void checkTcpPortsDistinct(JsonObject json) {
    Map<String, String> taken = new HashMap<>();
    for (String section : List.of("tcp", "file")) {
      JsonObject s = json.getJsonObject(section);
      JsonArray listeners = s == null ? null : s.getValue("listeners") instanceof JsonArray a ? a : null;
      for (int i = 0; listeners != null && i < listeners.size(); i++) {
        if (listeners.getValue(i) instanceof JsonObject l && l.getValue("port") instanceof Integer port) {
          Object host = l.getValue("host");
          claim(taken, section + ".listeners[" + i + "].port", host instanceof String h ? h.trim() : "127.0.0.1", port);
        }
      }
    }
    // the bridge section was validated by its module: read back what BridgeConfig would hold.
    JsonObject bridge = json.getJsonObject(BridgeModule.SECTION);
    if (bridge != null) {
      BridgeConfig b = BridgeConfig.from(bridge);
      claim(taken, BridgeModule.SECTION + ".port", b.host(), b.port());
    }
  }

  private static void claim(Map<String, String> taken, String key, String host, int port) {
    if (port == 0) {
      return; // each gets a free port of its own
    }
    String previous = taken.putIfAbsent(host + " " + port, key);
    if (previous != null) {
      throw new ConfigException(key, port + " on " + host + " is already used by " + previous
          + " (two TCP servers of one node cannot share a port)");
    }
  }

  /** The same config with clustering forced on ({@code run --cluster}). */
  public NodeConfig withClusterEnabled() {
    ClusterConfig on = cluster.withEnabled(true);
    on.checkSecurity(security);
    return new NodeConfig(json, on, log, security, node);
  }
}
