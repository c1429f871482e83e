package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.TestPorts;
import io.netbus.launcher.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A forward listener's counters on a node with {@code metrics}: the bytes each way and the
 * connections whose target could not be reached, as Prometheus series labelled with the
 * listener, the same numbers {@code netbus status} prints.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ForwardMetricsTest {

  private static final int N = 300_000;

  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void metricsCarryTheForwardedBytesAndTheFailures(Vertx client) throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int deadPort = closed.getLocalPort();
      closed.close(); // nothing listens there any more: each forward to it fails
      threads.submit(() -> {
        try (Socket s = echo.accept()) {
          s.getInputStream().transferTo(s.getOutputStream());
        }
        return null;
      });
      int http = TestPorts.freePort();
      NodeConfig config = NodeConfig.validate(new JsonObject()
          .put("tcp", new JsonObject().put("listeners", new JsonArray()
              .add(forward("fwd", "127.0.0.1:" + echo.getLocalPort()))
              .add(forward("dead", "127.0.0.1:" + deadPort))))
          .put("metrics", new JsonObject().put("port", http)), Modules.all());
      Node node = await(Node.start(Future.succeededFuture(NodeFactory.standalone(true)), config, Modules.all(), false));
      try {
        byte[] payload = new byte[N];
        new Random(3).nextBytes(payload);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port(client, http, "fwd"))) {
          s.setSoTimeout(20_000);
          threads.submit(() -> {
            s.getOutputStream().write(payload);
            return null;
          });
          assertThat(s.getInputStream().readNBytes(N)).isEqualTo(payload);
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port(client, http, "dead"))) {
          s.setSoTimeout(20_000);
          assertThat(s.getInputStream().read()).as("closed: the target is down").isEqualTo(-1);
        }
        String metrics = await(WebClient.create(client).get(http, "127.0.0.1", "/metrics").send()).bodyAsString();
        assertThat(metrics)
            .contains("netbus_listener_received_bytes_total{kind=\"tcp\",listener=\"fwd\"} " + (double) N)
            .contains("netbus_listener_sent_bytes_total{kind=\"tcp\",listener=\"fwd\"} " + (double) N)
            .contains("netbus_listener_accepted_total{kind=\"tcp\",listener=\"fwd\"} 1.0")
            .contains("netbus_listener_forward_failed_total{kind=\"tcp\",listener=\"fwd\"} 0.0")
            .contains("netbus_listener_forward_failed_total{kind=\"tcp\",listener=\"dead\"} 1.0");
      } finally {
        await(node.stop());
      }
    }
  }

  private static JsonObject forward(String name, String target) {
    return new JsonObject().put("name", name).put("port", 0).put("service", new JsonObject().put("forward", target));
  }

  /** The port a listener is bound to, from the node's own status page. */
  private static int port(Vertx client, int http, String listener) throws Exception {
    JsonObject status = await(WebClient.create(client).get(http, "127.0.0.1", "/api/status").send()).bodyAsJsonObject();
    String address = status.getJsonArray("listeners").stream().map(JsonObject.class::cast)
        .filter(l -> listener.equals(l.getString("name"))).findFirst().orElseThrow().getString("address");
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
