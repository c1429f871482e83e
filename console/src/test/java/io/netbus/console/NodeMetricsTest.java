package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bus addresses become bounded prefixes, and the canary for {@link VertxInternals}: a Vert.x
 * upgrade that moves the registry or the cluster manager fails here first.
 */
@ExtendWith(VertxExtension.class)
class NodeMetricsTest {

  @Test
  void busAddressesAreCutToTheirOwner() {
    assertThat(NodeMetrics.busPrefix("netbus.tcp.chat.in")).isEqualTo("netbus.tcp.chat");
    assertThat(NodeMetrics.busPrefix("netbus.tcp.chat.out.7f3a")).isEqualTo("netbus.tcp.chat");
    assertThat(NodeMetrics.busPrefix("netbus.tcp.request")).isEqualTo("netbus.tcp.request");
    assertThat(NodeMetrics.busPrefix("netbus.scan")).isEqualTo("netbus.scan");
    assertThat(NodeMetrics.busPrefix("__vertx.reply.12345")).isEqualTo("__vertx.reply");
    assertThat(NodeMetrics.busPrefix("whatever.a.client.made.up")).isEqualTo("other");
  }

  @Test
  void findsTheRegistryAnInstanceWasBuiltWith(Vertx plain, VertxTestContext ctx) {
    ConsoleNode node = ConsoleNode.create();
    ctx.verify(() -> {
      assertThat(NodeMetrics.registry(node.vertx)).isPresent();
      assertThat(NodeMetrics.registry(plain)).isEmpty();
      assertThat(VertxInternals.clusterMembers(node.vertx)).isZero();
      assertThat(VertxInternals.clusterJoined(node.vertx)).isFalse();
    });
    node.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void twoNodesInOneJvmKeepTheirOwnRegistries(VertxTestContext ctx) {
    ConsoleNode a = ConsoleNode.create();
    ConsoleNode b = ConsoleNode.create();
    ctx.verify(() -> assertThat(NodeMetrics.registry(a.vertx).orElseThrow())
        .isNotSameAs(NodeMetrics.registry(b.vertx).orElseThrow()));
    a.close().compose(v -> b.close()).onComplete(ctx.succeedingThenComplete());
  }
}
