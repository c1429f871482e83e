package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An IPv6 listener on ::1 (skipped where the loopback has no IPv6): served, sender published as [addr]:port. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class UdpIpv6Test {

  @Test
  void ipv6ListenerGreetsAndPublishesABracketedSender(Vertx vertx, VertxTestContext ctx) throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
    UdpVerticle udp = new UdpVerticle();
    JsonObject config = new JsonObject().put("listeners", new JsonArray().add(new JsonObject()
        .put("name", "v6").put("host", "::1").put("port", 0).put("service", "greet")));
    DatagramSocket client = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(true));
    Checkpoint published = ctx.checkpoint();
    Checkpoint answered = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(UdpAddresses.in("v6"), m -> ctx.verify(() -> {
      assertThat(m.body().getString("sender")).startsWith("[").endsWith("]:" + client.localAddress().port());
      published.flag();
    }));
    client.handler(p -> ctx.verify(() -> {
      assertThat(p.data().toString()).isEqualTo("Hello, six!");
      answered.flag();
    }));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config))
        .compose(id -> client.listen(0, "::1"))
        .compose(s -> client.send(Buffer.buffer("six"), udp.ports().get("v6"), "::1"))
        .onFailure(ctx::failNow);
  }

  private static boolean ipv6Loopback() {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getByName("::1"))) {
      return s.getLocalAddress() instanceof Inet6Address;
    } catch (Exception e) {
      return false;
    }
  }
}
