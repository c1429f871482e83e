package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scrape of a node with {@value #CONNECTIONS} real open loopback connections stays as small as
 * the scrape of a node with one: labels are per listener, never per connection or peer. The
 * connections are counted by the listener's stats and by Vert.x's own net server metrics, like a
 * TCP listener's. The scrape time is checked only as a loose sanity bound, not as a target.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ScrapeSizeTest {

  private final Held held = new Held();

  static final int CONNECTIONS = 2000;
  /** Connections opened at once: well under the accept backlog, so no SYN is dropped and retried. */
  static final int BATCH = 200;
  static final int MAX_SCRAPE_BYTES = 200 * 1024;
  /** What may differ between the two scrapes: longer numbers, not new series. */
  static final int MAX_GROWTH_BYTES = 4 * 1024;
  static final long SANE_SCRAPE_MS = 2000;

  private final List<NetSocket> clients = new ArrayList<>();

  @Test
  void aScrapeWithThousandsOfConnectionsIsAsSmallAsWithOne(Vertx vertx, VertxTestContext ctx) {
    ConsoleNode node = ConsoleNode.create();
    ListenerStats stats = NodeStats.of(node.vertx).retain("tcp", "many");
    AtomicInteger accepted = new AtomicInteger();
    Promise<Void> allAccepted = Promise.promise(); // the server side may lag behind the clients' connects
    NetServer server = node.vertx.createNetServer().connectHandler(socket -> {
      stats.opened();
      socket.closeHandler(v -> stats.closed());
      if (accepted.incrementAndGet() == CONNECTIONS) {
        allAccepted.complete();
      }
    });
    NetClient client = vertx.createNetClient();
    WebClient web = held.keep(WebClient.create(vertx));
    long[] scrapeMs = new long[1];
    int[] baseline = new int[1];
    node.deploy(new JsonObject())
        .compose(n -> server.listen(0, "127.0.0.1"))
        .compose(s -> connect(client, s.actualPort(), 1))
        .compose(v -> web.get(node.port(), "127.0.0.1", "/metrics").send())
        .compose(one -> {
          baseline[0] = one.body().length();
          return connect(client, server.actualPort(), CONNECTIONS - 1).compose(v -> allAccepted.future());
        })
        .compose(v -> {
          long start = System.nanoTime();
          return web.get(node.port(), "127.0.0.1", "/metrics").send()
              .onSuccess(r -> scrapeMs[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        })
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          String text = r.bodyAsString();
          assertThat(text).contains("netbus_listener_connections{kind=\"tcp\",listener=\"many\"} " + CONNECTIONS + ".0");
          assertThat(r.body().length()).as("scrape bytes with %d connections", CONNECTIONS)
              .isLessThan(MAX_SCRAPE_BYTES)
              .isLessThan(baseline[0] + MAX_GROWTH_BYTES);
          assertThat(text).doesNotContain("remote=").doesNotContain("local=\"");
          assertThat(scrapeMs[0]).as("scrape time (sanity only)").isLessThan(SANE_SCRAPE_MS);
          clients.forEach(NetSocket::close);
          node.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  /** Opens {@code count} connections, {@link #BATCH} at a time; each is kept in {@link #clients}. */
  private Future<Void> connect(NetClient client, int port, int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int done = 0; done < count; done += BATCH) {
      int n = Math.min(BATCH, count - done);
      chain = chain.compose(v -> {
        List<Future<NetSocket>> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          batch.add(client.connect(port, "127.0.0.1").onSuccess(clients::add));
        }
        return Future.all(batch).mapEmpty();
      });
    }
    return chain;
  }
}
