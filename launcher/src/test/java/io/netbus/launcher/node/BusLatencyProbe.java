package io.netbus.launcher.node;

import io.netbus.bridge.BridgeVerticle;
import io.netbus.bridge.client.BridgeClient;
import io.netbus.launcher.config.ClusterConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Bus round-trip latency, standalone vs clustered (two nodes on loopback), direct and through the
 * bridge. Not part of {@code mvn verify} (the class name matches no surefire pattern); run with
 * {@code mvn -pl launcher -am verify -Dtest=BusLatencyProbe -Dnetbus.probe=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. Writes {@code target/bus-latency.txt}.
 */
class BusLatencyProbe {

  static final int WARMUP = 3000;
  static final int ROUNDS = 10000;

  private final List<String> report = new ArrayList<>();

  @Test
  @EnabledIfSystemProperty(named = "netbus.probe", matches = "true")
  void measure() throws Exception {
    Vertx solo = Vertx.vertx();
    Future<?> f = solo.eventBus().consumer("netbus.probe", m -> m.reply(m.body())).completion();
    ClusterTest.await(f);
    run("standalone, event bus request", solo, () -> solo.eventBus().request("netbus.probe", PAYLOAD).mapEmpty());
    int bridgeSolo = bridge(solo);
    BridgeClient soloClient = ClusterTest.await(BridgeClient.connect(solo, "127.0.0.1", bridgeSolo, 1 << 20));
    run("standalone, through the bridge", solo, () -> soloClient.request("netbus.probe", PAYLOAD, 5000).mapEmpty());

    int pa = ClusterTest.freePort();
    int pb = ClusterTest.freePort();
    String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb);
    Future<Vertx> fa = NodeFactory.clustered(new ClusterConfig(true, "127.0.0.1", pa, members, false, null, null, 0,
        name, 1, 5, 10));
    Future<Vertx> fb = NodeFactory.clustered(new ClusterConfig(true, "127.0.0.1", pb, members, false, null, null, 0,
        name, 1, 5, 10));
    Vertx a = ClusterTest.await(fa);
    Vertx b = ClusterTest.await(fb);
    ClusterTest.await(a.eventBus().consumer("netbus.probe", m -> m.reply(m.body())).completion());
    run("clustered, consumer on the other node", b, () -> b.eventBus().request("netbus.probe", PAYLOAD).mapEmpty());
    ClusterTest.await(a.eventBus().consumer("netbus.probe.local", m -> m.reply(m.body())).completion());
    run("clustered, consumer on the same node", a, () -> a.eventBus().request("netbus.probe.local", PAYLOAD)
        .mapEmpty());
    int bridgeB = bridge(b);
    BridgeClient bClient = ClusterTest.await(BridgeClient.connect(solo, "127.0.0.1", bridgeB, 1 << 20));
    run("clustered, bridge on B -> consumer on A", solo, () -> bClient.request("netbus.probe", PAYLOAD, 5000)
        .mapEmpty());
    Files.write(Path.of("target", "bus-latency.txt"), report);
    ClusterTest.await(b.close());
    ClusterTest.await(a.close());
    ClusterTest.await(solo.close());
  }

  private static final JsonObject PAYLOAD = new JsonObject().put("text", "0123456789012345678901234567890123456789");

  private static int bridge(Vertx vertx) throws Exception {
    BridgeVerticle v = new BridgeVerticle();
    ClusterTest.await(vertx.deployVerticle(v, new DeploymentOptions().setConfig(new JsonObject().put("port", 0))));
    return v.actualPort();
  }

  /** Sequential round trips (one in flight), on a context of {@code vertx}. */
  private void run(String label, Vertx vertx, Supplier<Future<Void>> op) throws Exception {
    Histogram h = new Histogram(60_000_000_000L, 3);
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> loop(op, h, 0, done));
    long t0 = System.nanoTime();
    ClusterTest.await(done.future());
    double secs = (System.nanoTime() - t0) / 1e9;
    String line = String.format("%-42s p50 %7.1f us  p90 %7.1f us  p99 %7.1f us  mean %7.1f us  (%d round trips,"
            + " %.0f/s incl. warm-up)", label, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3, h.getMean() / 1e3, h.getTotalCount(), (WARMUP + ROUNDS) / secs);
    report.add(line);
  }

  private static void loop(Supplier<Future<Void>> op, Histogram h, int i, Promise<Void> done) {
    if (i == WARMUP + ROUNDS) {
      done.complete();
      return;
    }
    long t = System.nanoTime();
    op.get().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      if (i >= WARMUP) {
        h.recordValue(System.nanoTime() - t);
      }
      loop(op, h, i + 1, done);
    });
  }
}
