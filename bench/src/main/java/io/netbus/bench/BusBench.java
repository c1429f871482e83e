package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Event-bus load: request-reply round trips or publish-to-consumer deliveries, with at most
 * {@code window} in flight, either in-process (one Vert.x, a local consumer) or through a TCP
 * event-bus bridge: one bridge connection registers a private address {@code netbus.bench.<id>}
 * and answers each message, the other sends requests to it (or publishes), so every round trip
 * crosses the bridge twice each way.
 *
 * <p>With {@code clusterPort}, two Hazelcast-clustered Vert.x nodes run in this process: the
 * consumer on one, the sender on the other, so every message crosses the cluster's TCP bus.
 *
 * <p>With {@code rate > 0} the run is open loop: messages leave on a fixed schedule of
 * {@code rate} per second (at most {@code window} in flight), and latency runs from each
 * message's intended send time (see {@link Pacer}).
 *
 * <p>This class runs the phases and reports; {@link BusLoad} drives the messages and checks the
 * replies; {@link LocalBusSender} and {@link BridgeBusSender} carry them.
 */
public final class BusBench {

  public static final String ADDRESS_PREFIX = "netbus.bench.";

  /**
   * What to run. {@code bridge} null: in-process ({@code clusterPort} non-zero: two clustered
   * nodes). {@code transport} says how the bridge connections are made (plain or TLS);
   * {@code token} (null: none) goes in every bridge frame's headers.
   */
  public record Options(Target bridge, String pattern, int window, int size, Limits limits, int clusterPort,
      double rate, ClientTransport transport, String token) {

    public Options(Target bridge, String pattern, int window, int size, Limits limits) {
      this(bridge, pattern, window, size, limits, 0, 0, ClientTransport.PLAIN, null);
    }

    public Options(Target bridge, String pattern, int window, int size, Limits limits, int clusterPort, double rate,
        ClientTransport transport) {
      this(bridge, pattern, window, size, limits, clusterPort, rate, transport, null);
    }

    public Options {
      if (rate != 0) {
        OpenLoop.check(rate, limits);
      }
      if (clusterPort != 0) {
        TcpBench.check("--cluster-port", clusterPort, 1, 65534);
        if (bridge != null) {
          throw new IllegalArgumentException("--cluster-port: the two clustered nodes run in this process; no --bridge");
        }
      }
      if (!"request".equals(pattern) && !"publish".equals(pattern)) {
        throw new IllegalArgumentException("--pattern: '" + pattern + "' is not one of request, publish");
      }
      TcpBench.check("--window", window, 1, 65536);
      TcpBench.check("--size", size, 1, 1 << 20);
    }

    public boolean inProcess() {
      return bridge == null;
    }

    public boolean clustered() {
      return clusterPort != 0;
    }
  }

  private final Options options;
  private final String address = ADDRESS_PREFIX + UUID.randomUUID();

  private BusBench(Options options) {
    this.options = options;
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new BusBench(options).run(progress);
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    String clusterName = "netbus-bench-" + UUID.randomUUID();
    Vertx vertx = options.clustered() ? BenchCluster.clustered(options.clusterPort(), options.clusterPort(), clusterName)
        : Vertx.builder().build();
    Vertx consumerSide;
    try {
      consumerSide = options.clustered()
          ? BenchCluster.clustered(options.clusterPort(), options.clusterPort() + 1, clusterName) : vertx;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    try {
      BusLoad load = new BusLoad(options, vertx);
      Context context = vertx.getOrCreateContext();
      Promise<BusSender> ready = Promise.promise();
      boolean publish = "publish".equals(options.pattern());
      context.runOnContext(v -> (options.inProcess() ? LocalBusSender.start(consumerSide, vertx, address, publish, load)
          : BridgeBusSender.start(vertx, options, address, load)).onComplete(ready));
      // a bridge answers the registration at once: a peer that does not is named within seconds
      long setUpMillis = options.inProcess() ? (long) (limits.timeoutSeconds() * 1000)
          : (long) (Math.min(limits.timeoutSeconds(), PeerCheck.FIRST_REPLY_SECONDS) * 1000);
      try {
        load.sender(ready.future().toCompletionStage().toCompletableFuture().get(setUpMillis, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new BenchException(cause instanceof java.net.ConnectException
            ? PeerCheck.connectFailure(options.bridge(), cause)
            : load.failure != null ? load.failure
            : "cannot reach the bridge at " + options.bridge() + ": " + cause.getMessage(), cause);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new BenchException(options.inProcess() ? "the in-process bus did not start within " + setUpMillis + " ms"
            : options.bridge() + " is not a netbus bridge (" + load.peer.sent("it sent nothing within "
                + setUpMillis / 1000 + " s") + ")", e);
      }
      if (options.rate() > 0) {
        return runOpen(load, context, progress);
      }
      return runClosed(load, context, progress);
    } finally {
      if (consumerSide != vertx) {
        consumerSide.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private BenchReport runClosed(BusLoad load, Context context, BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    context.runOnContext(v -> load.fill());
    long t0 = System.nanoTime();
    long measureStart = t0 + (long) (limits.warmupSeconds() * 1e9);
    long measureEnd = Long.MAX_VALUE;
    while (!load.broken) {
      long now = System.nanoTime();
      if (load.phase == BusLoad.WARMUP && now >= measureStart) {
        measureStart = now;
        measureEnd = now + (long) (limits.durationSeconds() * 1e9);
        load.phase = BusLoad.MEASURE;
      }
      if (load.phase == BusLoad.MEASURE && (now >= measureEnd || limits.byCount() && load.measured >= limits.count())) {
        measureEnd = now;
        break;
      }
      progress.tick(load.phase == BusLoad.WARMUP ? "warm-up" : "measure", (now - t0) / 1e9, load.done::sum,
          load.errors::sum);
      TimeUnit.MILLISECONDS.sleep(limits.byCount() ? 5 : 50);
    }
    if (load.broken) {
      measureEnd = System.nanoTime();
    }
    load.phase = BusLoad.DRAIN;
    long drainEnd = System.nanoTime() + (long) (limits.timeoutSeconds() * 1e9);
    while (!load.broken && load.inflightCount > 0 && System.nanoTime() < drainEnd) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    progress.done();
    return finish(load, context, (measureEnd - measureStart) / 1e9, null);
  }

  /** Sends on the schedule until the window ends, then waits (at most the timeout) for the window's replies. */
  private BenchReport runOpen(BusLoad load, Context context, BenchProgress progress) throws Exception {
    OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
    context.runOnContext(v -> {
      load.pacer = loop.pacer(1, 0, options.window());
      load.tick();
    });
    long now;
    while (!load.broken && (now = System.nanoTime()) < loop.measureEnd()) {
      if (load.phase == BusLoad.WARMUP && now >= loop.measureStart()) {
        load.phase = BusLoad.MEASURE;
      }
      progress.tick(load.phase == BusLoad.WARMUP ? "warm-up" : "measure", (now - loop.start()) / 1e9, load.done::sum,
          load.errors::sum);
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
    }
    load.phase = BusLoad.MEASURE;
    long drainEnd = System.nanoTime() + (long) (options.limits().timeoutSeconds() * 1e9);
    while (!load.broken && !load.openDone && System.nanoTime() < drainEnd) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    load.phase = BusLoad.DRAIN;
    progress.done();
    return finish(load, context, loop.seconds(), loop);
  }

  private BenchReport finish(BusLoad load, Context context, double seconds, OpenLoop loop) throws Exception {
    Promise<BenchReport> report = Promise.promise();
    context.runOnContext(v -> report.complete(report(load, seconds, loop)));
    BenchReport result = report.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (load.broken && load.failure != null) {
      throw new BenchException(load.failure);
    }
    return result;
  }

  /** The report, on the load's event loop (it reads the load's plain fields). */
  private BenchReport report(BusLoad load, double seconds, OpenLoop loop) {
    Pacer pacer = load.pacer;
    long lost = loop != null ? pacer.unanswered() : load.inflight();
    load.stop();
    String where = options.clustered() ? "two clustered nodes in-process (127.0.0.1:" + options.clusterPort() + "-"
        + (options.clusterPort() + 1) + ")" : options.inProcess() ? "in-process" : "bridge " + options.bridge();
    BenchReport r = new BenchReport("bus", where)
        .unit("request".equals(options.pattern()) ? "round trips" : "deliveries")
        .parameter("pattern", options.pattern());
    if (!options.inProcess()) {
      r.parameter("tls", options.transport() instanceof ClientTls);
    }
    if (loop != null) {
      r.openLoop(loop.rate(), options.window(), pacer.lag());
    } else {
      r.parameter("window", options.window());
    }
    long count = loop != null ? pacer.inWindow() : load.measured;
    r.parameter("size", options.size())
        .measured(count, count * options.size(), seconds)
        .latency(loop != null ? pacer.latency() : load.histogram)
        .error("wrong", load.wrong)
        .error("failed", load.failed)
        .error("lost", lost);
    return load.firstFailure == null ? r : r.extra("firstFailure", load.firstFailure);
  }
}
