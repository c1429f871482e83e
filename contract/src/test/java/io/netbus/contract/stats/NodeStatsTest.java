package io.netbus.contract.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeStatsTest {

  private final Vertx vertx = Vertx.vertx();
  private final Vertx other = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
    other.close().await();
  }

  @Test
  void instancesOfOneListenerShareCountersUntilTheLastReleases() {
    NodeStats stats = NodeStats.of(vertx);
    ListenerStats a = stats.retain("tcp", "chat");
    ListenerStats b = stats.retain("tcp", "chat");
    assertThat(a).isSameAs(b);
    a.opened();
    b.opened();
    a.closed();
    a.frameIn(10);
    assertThat(stats.listeners()).singleElement().satisfies(l -> {
      assertThat(l.toJson().getLong(ListenerStats.CONNECTIONS)).isEqualTo(1);
      assertThat(l.toJson().getLong(ListenerStats.ACCEPTED)).isEqualTo(2);
      assertThat(l.toJson().getLong(ListenerStats.BYTES_IN)).isEqualTo(10);
    });
    stats.release(a);
    assertThat(stats.listeners()).hasSize(1);
    stats.release(b);
    assertThat(stats.listeners()).isEmpty();
  }

  @Test
  void eachVertxInstanceHasItsOwnRegistry() {
    NodeStats.of(vertx).retain("udp", "greet");
    assertThat(NodeStats.of(vertx)).isSameAs(NodeStats.of(vertx));
    assertThat(NodeStats.of(other).listeners()).isEmpty();
  }

  @Test
  void endedTransfersLeaveTheListButKeepTheirBytes() {
    NodeStats stats = NodeStats.of(vertx);
    TransferStats t = stats.startTransfer("files", "a.bin", "get", 100);
    t.progress(60);
    assertThat(stats.transfers()).containsExactly(t);
    stats.endTransfer(t, true);
    stats.endTransfer(t, true);
    assertThat(stats.transfers()).isEmpty();
    assertThat(stats.transfersDone()).isEqualTo(1);
    assertThat(stats.transferBytes()).isEqualTo(60);
  }
}
