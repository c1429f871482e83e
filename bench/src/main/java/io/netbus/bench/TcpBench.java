package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * TCP request-reply load, every reply checked (see {@link ReplyVerifier}), in one of two modes.
 * Closed loop: {@code connections} sockets each keep {@code depth} messages in flight and send the
 * next as each reply arrives; latency runs from the write of a message to its whole reply (a
 * server stall holds the senders back, so these percentiles hide queueing). Open loop
 * ({@code rate > 0}): the connections send on a fixed schedule of {@code rate} messages/s in total
 * whatever the replies do, at most {@code depth} in flight each, and latency runs from each
 * message's intended send time (see {@link Pacer}). Works against any echo-like server: netbus, a
 * bare Vert.x server, socat, a thread-per-client script; over TLS with a {@link ClientTls}
 * transport. This class connects, runs the phases and reports; {@link TcpConnection} drives
 * each connection, {@link TcpLoad} holds what they share.
 */
public final class TcpBench {

  static final int CONNECT_WAVE = 256;

  /**
   * What to run. {@code threads} is the client's event-loop count; {@code rate} the total messages/s
   * of an open-loop run (0: closed loop), where {@code depth} is the most in flight per connection.
   */
  public record Options(Target target, int connections, int depth, int size, BenchFraming framing, Expect expect,
      Limits limits, int threads, double rate, ClientTransport transport) {

    public Options(Target target, int connections, int depth, int size, BenchFraming framing, Expect expect,
        Limits limits, int threads) {
      this(target, connections, depth, size, framing, expect, limits, threads, 0, ClientTransport.PLAIN);
    }

    public Options {
      check("--connections", connections, 1, 20_000);
      check("--depth", depth, 1, MAX_DEPTH);
      check("--size", size, 1, 1 << 20);
      check("--threads", threads, 1, 64);
      if (rate != 0) {
        OpenLoop.check(rate, limits);
      }
    }

    public boolean openLoop() {
      return rate > 0;
    }
  }

  /** Most in flight per connection: the closed loop's depth, the open loop's bound. */
  static final int MAX_DEPTH = 65536;

  /** Default most in flight per connection in an open-loop run. */
  public static final int OPEN_LOOP_DEPTH = 1024;

  static void check(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + ": " + value + " is not " + min + "-" + max);
    }
  }

  private final Options options;
  private final TcpLoad load;

  private TcpBench(Options options) {
    this.options = options;
    this.load = new TcpLoad(options);
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new TcpBench(options).run(progress);
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(options.threads())).build();
    try {
      NetClient client = vertx.createNetClient(options.transport().configure(new NetClientOptions()
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, (long) (limits.timeoutSeconds() * 1000)))
          .setTcpNoDelay(true)));
      List<TcpConnection> conns = connectAll(vertx, client);
      return options.openLoop() ? runOpen(conns, progress) : runClosed(conns, progress);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private BenchReport runClosed(List<TcpConnection> conns, BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    long t0 = System.nanoTime();
    load.peer.startClock();
    for (TcpConnection c : conns) {
      c.context.runOnContext(v -> c.start());
    }
    long warmEnd = t0 + seconds(limits.warmupSeconds());
    long measureStart = -1;
    long deadline = Long.MAX_VALUE;
    while (true) {
      long now = System.nanoTime();
      if (load.phase == TcpLoad.WARMUP && now >= warmEnd) {
        measureStart = now;
        deadline = now + seconds(limits.durationSeconds());
        load.phase = TcpLoad.MEASURE;
      }
      if (load.phase == TcpLoad.MEASURE && now >= deadline) {
        load.measureEnd = now;
        load.phase = TcpLoad.DRAIN;
      }
      boolean allDead = conns.stream().allMatch(c -> c.dead);
      load.peer.check(load.replies.sum(), allDead, "replies");
      load.peer.checkStall(load.replies.sum(), inflight(conns), limits.timeoutSeconds(), "messages");
      if (load.phase == TcpLoad.DRAIN || allDead) {
        break;
      }
      progress.tick(load.phase == TcpLoad.WARMUP ? "warm-up" : "measure", (now - t0) / 1e9, load.replies::sum,
          load.errors::sum);
      TimeUnit.MILLISECONDS.sleep(50);
    }
    if (measureStart < 0) {
      measureStart = System.nanoTime();
    }
    if (load.phase != TcpLoad.DRAIN) {
      load.measureEnd = System.nanoTime();
      load.phase = TcpLoad.DRAIN;
    }
    long drainEnd = System.nanoTime() + seconds(limits.timeoutSeconds());
    while (System.nanoTime() < drainEnd && conns.stream().anyMatch(c -> !c.dead && c.inflight > 0)) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    progress.done();
    double measured = (load.measureEnd - measureStart) / 1e9;
    return report(conns, measured, null);
  }

  /** Sends on the schedule until the window ends, then waits (at most the timeout) for the window's replies. */
  private BenchReport runOpen(List<TcpConnection> conns, BenchProgress progress) throws Exception {
    OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
    load.peer.startClock();
    for (TcpConnection c : conns) {
      c.context.runOnContext(v -> c.startOpen(loop.pacer(conns.size(), c.index, options.depth())));
    }
    long now;
    while ((now = System.nanoTime()) < loop.measureEnd() && !conns.stream().allMatch(c -> c.dead)) {
      load.peer.check(load.replies.sum(), false, "replies");
      load.peer.checkStall(load.replies.sum(), inflight(conns), options.limits().timeoutSeconds(), "messages");
      progress.tick(now < loop.measureStart() ? "warm-up" : "measure", (now - loop.start()) / 1e9, load.replies::sum,
          load.errors::sum);
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
    }
    load.peer.check(load.replies.sum(), conns.stream().allMatch(c -> c.dead), "replies");
    long drainEnd = System.nanoTime() + seconds(options.limits().timeoutSeconds());
    while (System.nanoTime() < drainEnd && conns.stream().anyMatch(c -> !c.dead && !c.openDone)) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    load.phase = TcpLoad.DRAIN;
    progress.done();
    return report(conns, loop.seconds(), loop);
  }

  private BenchReport report(List<TcpConnection> conns, double seconds, OpenLoop loop) throws Exception {
    List<Future<TcpConnection>> closed = new ArrayList<>();
    for (TcpConnection c : conns) {
      Promise<TcpConnection> p = Promise.promise();
      c.context.runOnContext(v -> {
        c.lost = c.pacer != null ? c.pacer.unanswered() : c.inflight;
        c.closing = true;
        c.context.owner().cancelTimer(c.timer);
        c.socket.close();
        p.complete(c);
      });
      closed.add(p.future());
    }
    Histogram all = BenchReport.newHistogram();
    Histogram lag = BenchReport.newHistogram();
    long count = 0;
    long wrong = 0;
    long unexpected = 0;
    long lost = 0;
    long failed = 0;
    for (Future<TcpConnection> f : closed) {
      TcpConnection c = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (c.pacer != null) {
        all.add(c.pacer.latency());
        lag.add(c.pacer.lag());
        count += c.pacer.inWindow();
      } else {
        all.add(c.histogram);
        count += c.measured;
      }
      wrong += c.wrong;
      unexpected += c.unexpected;
      lost += c.lost;
      failed += c.failure == null ? 0 : 1;
    }
    BenchReport report = new BenchReport("tcp", options.target().toString())
        .parameter("framing", options.framing().name().toLowerCase())
        .parameter("size", options.size())
        .parameter("connections", options.connections())
        .parameter("tls", options.transport() instanceof ClientTls);
    if (loop != null) {
      report.openLoop(loop.rate(), options.depth(), lag);
    } else {
      report.parameter("depth", options.depth());
    }
    return report
        .parameter("expect", options.expect().name().toLowerCase())
        .parameter("warmup", options.limits().warmupSeconds())
        .measured(count, count * load.wireSize, seconds)
        .latency(all)
        .error("wrong", wrong)
        .error("unexpected", unexpected)
        .error("lost", lost)
        .error("connection", failed);
  }

  private List<TcpConnection> connectAll(Vertx vertx, NetClient client) throws Exception {
    List<TcpConnection> conns = new ArrayList<>(options.connections());
    for (int start = 0; start < options.connections(); start += CONNECT_WAVE) {
      List<Future<TcpConnection>> wave = new ArrayList<>();
      for (int i = start; i < Math.min(options.connections(), start + CONNECT_WAVE); i++) {
        int index = i;
        Context context = vertx.getOrCreateContext();
        Promise<TcpConnection> connected = Promise.promise();
        context.runOnContext(v -> client.connect(options.target().port(), options.target().host())
            .map(socket -> new TcpConnection(load, socket, context, index))
            .onComplete(connected));
        wave.add(connected.future());
      }
      try {
        Future.all(wave).toCompletionStage().toCompletableFuture()
            .get((long) (options.limits().timeoutSeconds() * 1000) + 1000, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new BenchException(PeerCheck.connectFailure(options.target(), e.getCause()), e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new BenchException("cannot connect to " + options.target() + ": " + conns.size() + " of "
            + options.connections() + " connections open after " + options.limits().timeoutSeconds() + " s", e);
      }
      wave.forEach(f -> conns.add(f.result()));
    }
    return conns;
  }

  /** Messages in flight on the connections still open. */
  private static long inflight(List<TcpConnection> conns) {
    return conns.stream().filter(c -> !c.dead).mapToLong(c -> c.inflight).sum();
  }

  private static long seconds(double s) {
    return (long) (s * 1e9);
  }
}
