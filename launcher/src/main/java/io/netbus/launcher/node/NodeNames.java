package io.netbus.launcher.node;

import io.netbus.contract.ConfigException;
import io.netbus.contract.NodeInfo;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.config.NodeSection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node names, unique in the cluster. A cluster-wide map (Vert.x shared data, a Hazelcast map when
 * clustered) holds {@code name → "<member id> <host:port>"}; a node claims its name right after
 * it joins, before any listener starts. An entry whose member is no longer in the cluster (a node
 * that crashed) counts as free, and every node removes the entries of a member that leaves (see
 * {@link ClusterMembers}), so a name comes free as soon as Hazelcast drops its node.
 */
public final class NodeNames {

  private static final Logger LOG = LoggerFactory.getLogger(NodeNames.class);
  static final String REGISTRY = NodeInfo.REGISTRY;

  private NodeNames() {
  }

  /**
   * Claims the configured name, or the host name, or {@code <host name>-<cluster.port>} when the
   * host name is taken. Fails with a {@link ConfigException} on {@code node.name} when a
   * configured name belongs to another node.
   */
  static Future<NodeInfo> claim(Vertx vertx, NodeConfig config) {
    Optional<ClusterMembers> cluster = ClusterMembers.of(vertx);
    String address = cluster.map(ClusterMembers::localAddress).orElse(null);
    String id = cluster.map(ClusterMembers::localId).orElse("standalone");
    String value = id + " " + (address == null ? "-" : address);
    String configured = config.node().name();
    if (configured != null) {
      return tryClaim(vertx, configured, value).compose(holder -> holder == null
          ? Future.succeededFuture(new NodeInfo(configured, address, System.currentTimeMillis()))
          : Future.failedFuture(new ConfigException(NodeConfig.NODE + ".name", "'" + configured
              + "' is already the name of the node at " + addressOf(holder) + " (names are unique in the cluster)")));
    }
    return vertx.executeBlocking(NodeNames::hostName).compose(host -> tryClaim(vertx, host, value)
        .compose(holder -> {
          if (holder == null) {
            LOG.info("node name: {} (the host name; set node.name to choose one)", host);
            return Future.succeededFuture(host);
          }
          String alternative = host + "-" + config.cluster().port();
          return tryClaim(vertx, alternative, value).compose(other -> {
            if (other != null) {
              return Future.failedFuture(new ConfigException(NodeConfig.NODE + ".name", "none set, and both '" + host
                  + "' and '" + alternative + "' are taken in the cluster; set node.name"));
            }
            LOG.info("node name: {} (the host name {} is taken by the node at {}; set node.name to choose one)",
                alternative, host, addressOf(holder));
            return Future.succeededFuture(alternative);
          });
        }))
        .map(name -> new NodeInfo(name, address, System.currentTimeMillis()));
  }

  /** Puts {@code name} in the registry; the current holder's entry when another live node has it, else null. */
  private static Future<String> tryClaim(Vertx vertx, String name, String value) {
    Optional<ClusterMembers> cluster = ClusterMembers.of(vertx);
    return map(vertx).compose(map -> map.putIfAbsent(name, value).compose(previous -> {
      if (previous == null || previous.equals(value)) {
        return Future.succeededFuture(null);
      }
      boolean alive = cluster.map(c -> c.memberIds().contains(memberOf(previous))).orElse(true);
      if (alive) {
        return Future.succeededFuture(previous);
      }
      // the holder crashed before anyone cleaned up: take the name over, unless another node just did
      return map.replaceIfPresent(name, previous, value).map(replaced -> replaced ? null : previous);
    }));
  }

  /** Frees this node's name (a graceful stop), bounded: the node leaves anyway. */
  static Future<Void> release(Vertx vertx, NodeInfo info) {
    String id = ClusterMembers.of(vertx).map(ClusterMembers::localId).orElse("standalone");
    return map(vertx).compose(map -> map.get(info.name())
        .compose(v -> v != null && memberOf(v).equals(id) ? map.remove(info.name()) : Future.succeededFuture()))
        .mapEmpty();
  }

  /** Removes the entry of member {@code memberId}; its name, or null when it had none. */
  static Future<String> forget(Vertx vertx, String memberId) {
    return map(vertx).compose(map -> map.entries().compose(all -> {
      for (Map.Entry<String, String> e : all.entrySet()) {
        if (memberOf(e.getValue()).equals(memberId)) {
          return map.removeIfPresent(e.getKey(), e.getValue()).map(e.getKey());
        }
      }
      return Future.succeededFuture(null);
    }));
  }

  /** Every registered node: name → registry entry, sorted by name. */
  public static Future<Map<String, String>> registry(Vertx vertx) {
    return map(vertx).compose(AsyncMap::entries).map(TreeMap::new);
  }

  /** The member id of a registry entry. */
  static String memberOf(String entry) {
    int space = entry.indexOf(' ');
    return space < 0 ? entry : entry.substring(0, space);
  }

  /** The cluster address of a registry entry ({@code host:port}), or null for a standalone node. */
  public static String addressOf(String entry) {
    int space = entry.indexOf(' ');
    String address = space < 0 ? "-" : entry.substring(space + 1);
    return address.equals("-") ? null : address;
  }

  private static Future<AsyncMap<String, String>> map(Vertx vertx) {
    return vertx.sharedData().getAsyncMap(REGISTRY);
  }

  /** Blocking: the resolver may be asked. */
  private static String hostName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "node");
    }
    return NodeSection.fromHostName(host);
  }
}
