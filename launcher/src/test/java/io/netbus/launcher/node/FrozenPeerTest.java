package io.netbus.launcher.node;

import static io.netbus.launcher.node.ClusterTest.await;
import static io.netbus.launcher.node.ClusterTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.adversarial.Heap;
import io.netbus.bridge.client.BridgeClient;
import io.netbus.launcher.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer node frozen with SIGSTOP (its sockets stay open, it reads nothing) while this node
 * publishes 200,000 messages to a consumer on it: this node's heap must not grow by more than
 * 64 MiB ({@link PeerQueueLimit}), and its own services keep answering. Without the limit the
 * same run grows the heap by the whole backlog (measured: +327 MiB; +23 MiB with it).
 * Hazelcast's heartbeat timeout is set to 60 s so that the peer is not simply dropped from the
 * cluster during the measurement.
 */
@Tag("adversarial")
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class FrozenPeerTest {

  static final int MESSAGES = 200_000;
  static final long BOUND = 64L * 1024 * 1024;

  private final String name = "frozen-" + UUID.randomUUID().toString().substring(0, 8);
  private Vertx node;
  private ChildNode child;

  @AfterEach
  void stop() throws Exception {
    if (child != null) {
      child.signal("CONT");
    }
    ChildNode.destroyAll();
    if (node != null) {
      await(node.close());
    }
  }

  @Test
  void aFrozenPeerDoesNotGrowTheSendersHeap(Vertx local) throws Exception {
    ClusterTest.quiet("com.hazelcast", "io.vertx.core.eventbus.impl.clustered", "io.vertx.core.net.impl.ConnectionBase",
        PeerQueueLimit.class.getName());
    int port = freePort();
    int childPort = freePort();
    int bridgePort = freePort();
    List<String> members = List.of("127.0.0.1:" + port, "127.0.0.1:" + childPort);
    node = await(NodeFactory.clustered(new ClusterConfig(true, "127.0.0.1", port, members, false, null, null, 0, name,
        1, 60, 5)));
    Path conf = Files.createTempFile("netbus-frozen", ".json");
    Files.writeString(conf, new JsonObject()
        .put("bridge", new JsonObject().put("port", bridgePort))
        .put("cluster", new JsonObject().put("enabled", true).put("port", childPort).put("name", name)
            .put("heartbeatSeconds", 1).put("maxNoHeartbeatSeconds", 60)
            .put("members", new JsonArray(members)))
        .encodePrettily());
    child = ChildNode.start(conf, "frozen");
    BridgeClient client = await(retry(local, 300, () -> BridgeClient.connect(local, "127.0.0.1", bridgePort, 1 << 20)));
    await(client.register("netbus.test.frozen", msg -> client.reply(msg, new JsonObject().put("pong", true))));
    // the path node → child works (and its connection exists) before the child freezes
    await(retry(local, 100, () -> node.eventBus().request("netbus.test.frozen", "ping",
        new DeliveryOptions().setSendTimeout(2000))));
    await(node.eventBus().consumer("netbus.test.local", m -> m.reply("still here")).completion());
    // looked up once while the peer runs: a frozen Hazelcast member blocks registry look-ups for
    // the partitions it owns until it is dropped (maxNoHeartbeatSeconds); later sends use the cache
    await(node.eventBus().request("netbus.test.local", "?"));

    long before = Heap.usedAfterGc();
    child.signal("STOP");
    String body = "x".repeat(200);
    for (int i = 0; i < MESSAGES; i++) {
      node.eventBus().publish("netbus.test.frozen", body);
    }
    // the node still serves its own clients while the peer is frozen
    Object reply = await(node.eventBus().request("netbus.test.local", "?", new DeliveryOptions().setSendTimeout(10_000)))
        .body();
    long after = Heap.usedAfterGc();
    System.out.printf("frozen peer: heap %s before, %s after %d messages%n", Heap.mib(before), Heap.mib(after), MESSAGES);
    assertThat(reply).isEqualTo("still here");
    assertThat(after - before).as("heap growth after %d messages to a frozen peer (%s before, %s after)", MESSAGES,
        Heap.mib(before), Heap.mib(after)).isLessThan(BOUND);
  }

  private static <T> Future<T> retry(Vertx vertx, int attempts, java.util.function.Supplier<Future<T>> op) {
    return op.get().recover(err -> {
      if (attempts <= 1) {
        return Future.failedFuture(err);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(200, id -> later.complete());
      return later.future().compose(v -> retry(vertx, attempts - 1, op));
    });
  }
}
