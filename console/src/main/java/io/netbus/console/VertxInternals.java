package io.netbus.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MetricsService;
import io.vertx.micrometer.impl.MetricsServiceImpl;

/**
 * The console's one adapter to Vert.x internals, for what no public API tells: the Micrometer
 * registry an instance was built with, and the cluster manager's member list. A canary test
 * ({@code VertxInternalsTest}) fails loudly when an upgrade moves them.
 */
final class VertxInternals {

  private VertxInternals() {
  }

  /** The registry of {@code vertx}'s Micrometer metrics, or null when it has none. */
  static MeterRegistry meterRegistry(Vertx vertx) {
    return MetricsService.create(vertx) instanceof MetricsServiceImpl impl ? impl.getRegistry() : null;
  }

  /** Members of the cluster {@code vertx} is in; 0 when standalone or not (yet) joined. */
  static int clusterMembers(Vertx vertx) {
    ClusterManager cm = clusterManager(vertx);
    return cm == null || !cm.isActive() ? 0 : cm.getNodes().size();
  }

  /** Is {@code vertx} clustered and its cluster manager joined? */
  static boolean clusterJoined(Vertx vertx) {
    ClusterManager cm = clusterManager(vertx);
    return cm != null && cm.isActive();
  }

  private static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() && vertx instanceof VertxInternal vi ? vi.clusterManager() : null;
  }
}
