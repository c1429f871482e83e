package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A listener joined to a multicast group on the loopback interface (Linux loops multicast back on
 * {@code lo} when the sender picks it as its multicast interface): a datagram sent to the group is
 * published and answered by unicast to its sender, as LAN discovery needs.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class UdpMulticastTest {

  @Test
  void listenerJoinedToAGroupAnswersDatagramsSentToTheGroup(Vertx vertx, VertxTestContext ctx) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String group = "239.255." + random.nextInt(1, 255) + "." + random.nextInt(1, 255);
    UdpVerticle udp = new UdpVerticle();
    JsonObject config = new JsonObject().put("listeners", new JsonArray().add(new JsonObject()
        .put("name", "discovery").put("port", 0).put("service", "greet")
        .put("multicast", group).put("interface", "lo")));
    DatagramSocket sender = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(false)
        .setMulticastNetworkInterface("lo"));
    Checkpoint published = ctx.checkpoint();
    Checkpoint answered = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(UdpAddresses.in("discovery"), m -> ctx.verify(() -> {
      assertThat(m.body().getString("text")).isEqualTo("who is there?");
      published.flag();
    }));
    sender.handler(p -> onAnswer(ctx, answered, p));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config))
        .compose(id -> sender.listen(0, "127.0.0.1"))
        .compose(s -> sender.send(Buffer.buffer("who is there?"), udp.ports().get("discovery"), group))
        .onFailure(ctx::failNow);
  }

  private static void onAnswer(VertxTestContext ctx, Checkpoint answered, DatagramPacket p) {
    ctx.verify(() -> assertThat(p.data().toString()).isEqualTo("Hello, who is there?!"));
    answered.flag();
  }
}
