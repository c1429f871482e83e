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
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node whose config has a {@code metrics} section, built as {@code netbus run} builds it:
 * Vert.x's own metrics are on (the instance was built with them) and the console serves them
 * next to the node's health.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class MetricsNodeTest {

  @Test
  void aNodeWithAMetricsSectionServesVertxAndJvmMetrics(Vertx client, VertxTestContext ctx) throws Exception {
    int http = TestPorts.freePort();
    NodeConfig config = NodeConfig.validate(new JsonObject()
        .put("tcp", new JsonObject().put("listeners", new JsonArray()
            .add(new JsonObject().put("name", "echo").put("port", 0).put("service", "echo"))))
        .put("metrics", new JsonObject().put("port", http)), Modules.all());
    WebClient web = WebClient.create(client);
    Node.start(Future.succeededFuture(NodeFactory.standalone(true)), config, Modules.all(), false)
        .compose(node -> web.get(http, "127.0.0.1", "/metrics").send()
            .onSuccess(r -> ctx.verify(() -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.bodyAsString()).contains("jvm_memory_used_bytes").contains("process_cpu_seconds_total")
                  .contains("vertx_http_server_active_connections").contains("netbus_cluster_members 0.0");
            }))
            .compose(r -> web.get(http, "127.0.0.1", "/health").send())
            .onSuccess(r -> ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(200)))
            .compose(r -> node.stop()))
        .onComplete(ctx.succeedingThenComplete());
  }
}
