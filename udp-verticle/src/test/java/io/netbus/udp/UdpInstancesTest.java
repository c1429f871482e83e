package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.contract.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code udp.instances} above 1: on the native transport every unicast listener gets that many
 * sockets on one port (SO_REUSEPORT), all of them bound and answering; on NIO the deployment is
 * refused naming the key and saying why.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class UdpInstancesTest {

  private static final int SENDERS = 32;

  private static JsonObject section(int instances) {
    return new JsonObject().put("instances", instances).put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "echo").put("host", "127.0.0.1").put("port", 0).put("service", "echo")));
  }

  @Test
  void twoInstancesShareThePortOnTheNativeTransportAndBothAnswer() throws Exception {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    try {
      assumeTrue(vertx.isNativeTransportEnabled(), "no native transport here: " + vertx.unavailableNativeTransportCause());
      UdpVerticle udp = new UdpVerticle();
      vertx.deployVerticle(udp, new DeploymentOptions().setConfig(section(2)))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      List<UdpListenerVerticle> sockets = udp.listeners();
      assertThat(sockets).hasSize(2);
      int port = sockets.get(0).port();
      assertThat(port).isPositive();
      assertThat(sockets.get(1).port()).isEqualTo(port);
      // the kernel picks the socket by a hash of the sender: many senders reach both
      for (int i = 0; i < SENDERS; i++) {
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
          client.setSoTimeout(5_000);
          byte[] hello = ("hello " + i).getBytes(StandardCharsets.UTF_8);
          client.send(new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), port));
          DatagramPacket reply = new DatagramPacket(new byte[100], 100);
          client.receive(reply);
          assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("hello " + i);
        }
      }
      assertThat(sockets.get(0).received() + sockets.get(1).received()).isEqualTo(SENDERS);
      assertThat(sockets).allSatisfy(s -> assertThat(s.received()).as("datagrams at one socket").isPositive());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void moreThanOneInstanceOnNioIsRefusedNamingTheKey(Vertx vertx, VertxTestContext ctx) {
    assumeTrue(!vertx.isNativeTransportEnabled(), "the test's Vert.x runs on the native transport");
    vertx.deployVerticle(new UdpVerticle(), new DeploymentOptions().setConfig(section(2)))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ConfigException.class);
          assertThat(err.getMessage()).startsWith("udp.instances: 2 needs SO_REUSEPORT")
              .contains("native transport (epoll), not available here");
          ctx.completeNow();
        })));
  }
}
