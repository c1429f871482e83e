package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.contract.stats.TransferStats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real {@code /metrics} output of a node with listeners of several kinds, bus traffic and a
 * transfer passes {@code promtool check metrics} (Debian package prometheus); skipped without it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PromtoolTest {

  private final Held held = new Held();

  @Test
  void promtoolAcceptsTheScrape(Vertx vertx, VertxTestContext ctx) {
    Path promtool = Tools.find("promtool");
    assumeTrue(promtool != null, "promtool not installed (apt-get install prometheus)");
    ConsoleNode node = ConsoleNode.create();
    NodeStats stats = NodeStats.of(node.vertx);
    for (String kind : List.of("tcp", "udp", "file")) {
      ListenerStats l = stats.retain(kind, kind + "-one").address("127.0.0.1:1");
      l.opened();
      l.frameIn(10);
      l.frameOut(20);
    }
    TransferStats t = stats.startTransfer("files", "a.bin", "get", 100);
    t.progress(40);
    node.vertx.eventBus().consumer("netbus.tcp.tcp-one.in", m -> m.reply("ok"));
    node.vertx.eventBus().request("netbus.tcp.tcp-one.in", "x");
    node.deploy(new JsonObject())
        .compose(n -> held.keep(WebClient.create(vertx)).get(n.port(), "127.0.0.1", "/metrics").send())
        .compose(r -> vertx.executeBlocking(() -> {
          Path file = Files.createTempFile("netbus-metrics", ".txt");
          try {
            Files.writeString(file, r.bodyAsString());
            return Tools.run(List.of(promtool.toString(), "check", "metrics"), file, 30);
          } finally {
            Files.deleteIfExists(file);
          }
        }))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.out()).as("promtool's findings").isBlank();
          assertThat(result.exit()).isZero();
          node.close().onComplete(ctx.succeedingThenComplete());
        })));
  }
}
