package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.TestPorts;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aNodeWithTlsAndAuthServesTheConsoleOverHttpsToTokenHoldersAndWatchesTheFileRoot(Vertx client,
      VertxTestContext ctx, @TempDir Path dir) throws Exception {
    Certs.Validity valid = Certs.Validity.from(Duration.ofDays(1));
    CertFiles.writeCa(dir, valid);
    CertFiles.writeNode(dir, "node", List.of("127.0.0.1"), valid);
    String token = Tokens.generate();
    Path root = Files.createDirectories(dir.resolve("files"));
    int http = TestPorts.freePort();
    NodeConfig config = NodeConfig.validate(new JsonObject()
        .put("tls", new JsonObject().put("cert", dir.resolve("node.crt").toString())
            .put("key", dir.resolve("node.key").toString()).put("ca", dir.resolve("ca.crt").toString()))
        .put("auth", new JsonObject().put("clients", new JsonArray()
            .add(new JsonObject().put("name", "prometheus").put("tokenSha256", Tokens.sha256Hex(token)))))
        .put("file", new JsonObject().put("root", root.toString()))
        .put("metrics", new JsonObject().put("port", http).put("tls", true).put("clientAuth", "none")), Modules.all());
    WebClient web = WebClient.create(client, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("ca.crt").toString())));
    Node.start(Future.succeededFuture(NodeFactory.standalone(true)), config, Modules.all(), false)
        .compose(node -> web.get(http, "127.0.0.1", "/metrics").send()
            .onSuccess(r -> ctx.verify(() -> assertThat(r.statusCode()).isEqualTo(401)))
            .compose(r -> web.get(http, "127.0.0.1", "/health").bearerTokenAuthentication(token).send())
            .onSuccess(r -> ctx.verify(() -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.bodyAsString()).contains("\"path\":\"" + root + "\"");
            }))
            .compose(r -> node.stop()))
        .onComplete(ctx.succeedingThenComplete());
  }
}
