package io.netbus.contract;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

/**
 * Who this node is: its unique name in the cluster, its cluster address ({@code host:port}, or
 * null when standalone) and when it started. Set once by the launcher before the modules deploy
 * and read by any module (admin API, metrics, console, forwarding {@code via}) from the instance's
 * local shared data, so two nodes in one JVM (tests) keep their own.
 */
public record NodeInfo(String name, String clusterAddress, long startedAt) implements Shareable {

  private static final String MAP = "netbus.node";
  private static final String KEY = "info";

  /**
   * The cluster-wide async map of node names ({@code name → "<member id> <host:port>"}), kept by
   * the launcher; other modules may read it (forwarding checks a {@code via} name against it).
   */
  public static final String REGISTRY = "netbus.nodes";

  public static final String NAME = "name";
  public static final String ADDRESS = "address";
  public static final String STARTED_AT = "startedAt";
  public static final String UPTIME_MS = "uptimeMs";

  /** Records {@code info} as the identity of {@code vertx}'s node. */
  public static void set(Vertx vertx, NodeInfo info) {
    vertx.sharedData().<String, NodeInfo>getLocalMap(MAP).put(KEY, info);
  }

  /**
   * The identity of {@code vertx}'s node; a node whose launcher set none (a module deployed on
   * its own, in tests) is called {@code local}, standalone, started now.
   */
  public static NodeInfo of(Vertx vertx) {
    return vertx.sharedData().<String, NodeInfo>getLocalMap(MAP)
        .computeIfAbsent(KEY, k -> new NodeInfo("local", null, System.currentTimeMillis()));
  }

  public JsonObject toJson() {
    return new JsonObject().put(NAME, name).put(ADDRESS, clusterAddress).put(STARTED_AT, startedAt)
        .put(UPTIME_MS, System.currentTimeMillis() - startedAt);
  }
}
