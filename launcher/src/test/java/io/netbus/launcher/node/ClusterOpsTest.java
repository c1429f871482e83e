package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.launcher.admin.AdminAddresses;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.config.NodeSection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clustered nodes in this JVM, each its own Hazelcast member on 127.0.0.1: node names unique in
 * the cluster (a configured name that is taken is refused; an unnamed node takes the host name,
 * or {@code <host>-<cluster.port>}; a crashed holder's name is free), and the admin API across
 * nodes ({@code nodes} from either node, a deploy on a remote node that then serves).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ClusterOpsTest {

  private final String cluster = "ops-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports = new java.util.ArrayList<>();
  private Node a;
  private Node b;
  private String host;

  @BeforeAll
  void startTwoNodes() throws Exception {
    ClusterTest.quiet("com.hazelcast", "io.vertx.core.eventbus.impl.clustered", "io.vertx.core.net.impl.ConnectionBase");
    for (int i = 0; i < 4; i++) {
      ports.add(ClusterTest.freePort());
    }
    host = NodeSection.fromHostName(InetAddress.getLocalHost().getHostName());
    a = ClusterTest.await(start("a", ports.get(0)));
    b = ClusterTest.await(start(null, ports.get(1)));
  }

  @AfterAll
  void stopNodes() throws Exception {
    for (Node n : new Node[] {b, a}) {
      if (n != null) {
        stop(n);
      }
    }
  }

  private Future<Node> start(String name, int port) {
    JsonArray members = new JsonArray();
    ports.stream().limit(2).forEach(p -> members.add("127.0.0.1:" + p));
    JsonObject json = new JsonObject()
        .put("tcp", new JsonObject().put("listeners", new JsonArray()))
        .put("cluster", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", port)
            .put("members", members).put("name", cluster).put("heartbeatSeconds", 1)
            .put("maxNoHeartbeatSeconds", 3).put("mergeDelaySeconds", 5));
    if (name != null) {
      json.put("node", new JsonObject().put("name", name));
    }
    NodeConfig config = NodeConfig.validate(json, Modules.all());
    return Node.start(NodeFactory.clustered(config.cluster()), config, Modules.all(), false);
  }

  private static void stop(Node node) throws Exception {
    try {
      ClusterTest.await(node.releaseName());
    } finally {
      ClusterTest.await(node.stop());
    }
  }

  private static Future<JsonObject> admin(Node from, String node, String op, JsonObject body) {
    return from.vertx().eventBus().<JsonObject>request(AdminAddresses.of(node, op), body).map(Message::body);
  }

  @Test
  void anUnnamedNodeIsCalledAfterItsHost() {
    assertThat(a.info().name()).isEqualTo("a");
    assertThat(b.info().name()).isEqualTo(host);
    assertThat(b.info().clusterAddress()).isEqualTo("127.0.0.1:" + ports.get(1));
  }

  @Test
  void nodesFromEitherNodeListsBoth(VertxTestContext ctx) {
    admin(b, AdminAddresses.LOCAL, AdminAddresses.NODES, new JsonObject())
        .compose(fromB -> admin(b, "a", AdminAddresses.NODES, new JsonObject()).map(fromA -> List.of(fromB, fromA)))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          for (JsonObject reply : replies) {
            JsonArray nodes = reply.getJsonArray("nodes");
            assertThat(nodes.stream().map(o -> ((JsonObject) o).getString("name"))).contains("a", host);
            JsonObject rowA = (JsonObject) nodes.stream().filter(o -> ((JsonObject) o).getString("name").equals("a"))
                .findFirst().orElseThrow();
            assertThat(rowA.getString("address")).isEqualTo("127.0.0.1:" + ports.get(0));
            assertThat(rowA.getBoolean("reachable")).isTrue();
            assertThat(rowA.getLong("uptimeMs")).isGreaterThanOrEqualTo(0);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void aListenerDeployedOnARemoteNodeServes(Vertx client, VertxTestContext ctx) {
    JsonObject listener = new JsonObject().put("name", "remote-echo").put("port", 0).put("service", "echo")
        .put("framing", "line");
    admin(b, "a", AdminAddresses.DEPLOY, new JsonObject().put("kind", "tcp").put("listener", listener))
        .compose(reply -> {
          ctx.verify(() -> assertThat(reply.getString("node")).isEqualTo("a"));
          String address = reply.getJsonObject("deployed").getString("address");
          int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
          return client.createNetClient().connect(port, "127.0.0.1");
        })
        .compose(socket -> {
          Future<Buffer> answer = Future.future(p -> socket.handler(p::tryComplete));
          return socket.write("across\n").compose(v -> answer);
        })
        .compose(answer -> {
          ctx.verify(() -> assertThat(answer.toString()).isEqualTo("across\n"));
          return admin(b, "a", AdminAddresses.UNDEPLOY, new JsonObject().put("name", "remote-echo"));
        })
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getJsonObject("undeployed").getString("name")).isEqualTo("remote-echo");
          ctx.completeNow();
        })));
  }

  @Test
  void aTakenHostNameGivesHostDashPortAndATakenConfiguredNameIsRefused() throws Exception {
    Node c = ClusterTest.await(start(null, ports.get(2)));
    try {
      assertThat(c.info().name()).isEqualTo(host + "-" + ports.get(2));
    } finally {
      stop(c);
    }
    Map<String, String> registry = ClusterTest.await(NodeNames.registry(a.vertx()));
    assertThat(registry).containsOnlyKeys("a", host);

    assertThatThrownBy(() -> ClusterTest.await(start("a", ports.get(3))))
        .isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(ConfigException.class)
        .hasMessage("node.name: 'a' is already the name of the node at 127.0.0.1:" + ports.get(0)
            + " (names are unique in the cluster)");
  }

  @Test
  void theNameOfANodeThatIsGoneIsFree() throws Exception {
    // what a crashed node leaves behind until the others notice: an entry whose member is not in the cluster
    ClusterTest.await(a.vertx().sharedData().<String, String>getAsyncMap(NodeNames.REGISTRY)
        .compose(map -> map.put("ghost", UUID.randomUUID() + " 127.0.0.1:1")));
    Node ghost = ClusterTest.await(start("ghost", ports.get(3)));
    try {
      assertThat(ghost.info().name()).isEqualTo("ghost");
      assertThat(NodeNames.addressOf(ClusterTest.await(NodeNames.registry(b.vertx())).get("ghost")))
          .isEqualTo("127.0.0.1:" + ports.get(3));
    } finally {
      stop(ghost);
    }
  }
}
