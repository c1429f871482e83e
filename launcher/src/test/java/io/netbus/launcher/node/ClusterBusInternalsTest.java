package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/**
 * Canary for {@link ClusterBusInternals}: fails loudly when a Vert.x upgrade renames the clustered
 * event bus's outbound connections or their socket, which would leave a node without the per-peer
 * queue bound ({@link PeerQueueLimit}, exercised end to end by {@link FrozenPeerTest}).
 */
class ClusterBusInternalsTest {

  @Test
  void theClusteredEventBusFieldsAreReachable() {
    assertThat(ClusterBusInternals.resolved())
        .as("ClusteredEventBus.outboundConnections and OutboundConnection.socket in this Vert.x").isTrue();
  }

  @Test
  void aLocalEventBusIsLeftAlone() {
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(ClusterBusInternals.available(vertx.eventBus())).isFalse();
      assertThat(PeerQueueLimit.install(vertx, 1024)).isFalse();
    } finally {
      vertx.close();
    }
  }
}
