package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * UDP request-reply load: {@code sockets} client sockets each keep at most {@code window}
 * datagrams in flight. Each datagram carries its sequence number (16 letters) so its reply is
 * matched and checked whatever the order; a datagram unanswered after {@code lossMillis} is lost
 * and its slot reused. A reply that is exactly k whole datagrams long (a stream relay such as
 * {@code socat ... PIPE} can merge them) is checked as k replies.
 *
 * <p>With {@code rate > 0} the run is open loop: the sockets send {@code rate} datagrams/s in
 * total on a fixed schedule (at most {@code window} in flight each), and latency runs from each
 * datagram's intended send time (see {@link Pacer}).
 *
 * <p>This class binds the sockets, runs the phases and reports; {@link UdpSocketDriver} drives
 * each socket, {@link UdpDatagrams} makes and reads the datagrams.
 */
public final class UdpBench {

  /** Read buffer of every client socket: a reply of any size up to 64 KiB is read whole. */
  static final int READ_BUFFER = 65536;

  public record Options(Target target, int sockets, int window, int size, Expect expect, Limits limits,
      int lossMillis, int threads, double rate) {

    public Options(Target target, int sockets, int window, int size, Expect expect, Limits limits, int lossMillis,
        int threads) {
      this(target, sockets, window, size, expect, limits, lossMillis, threads, 0);
    }

    public Options {
      if (rate != 0) {
        OpenLoop.check(rate, limits);
      }
      TcpBench.check("--connections", sockets, 1, 1024);
      TcpBench.check("--window", window, 1, 65536);
      TcpBench.check("--size", size, UdpDatagrams.HEADER, 65507);
      TcpBench.check("--loss-after", lossMillis, 1, 60_000);
      TcpBench.check("--threads", threads, 1, 64);
    }
  }

  private final Options options;
  private final UdpLoad load;

  private UdpBench(Options options) {
    this.options = options;
    this.load = new UdpLoad(options);
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new UdpBench(options).run(progress);
  }

  /** Options of every client socket: the read buffer never truncates a reply. */
  static DatagramSocketOptions socketOptions() {
    return new DatagramSocketOptions().setReceiveBufferSize(READ_BUFFER);
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(options.threads())).build();
    try {
      List<UdpSocketDriver> socks = new ArrayList<>();
      List<Future<UdpSocketDriver>> bound = new ArrayList<>();
      for (int i = 0; i < options.sockets(); i++) {
        Context context = vertx.getOrCreateContext();
        Promise<UdpSocketDriver> p = Promise.promise();
        long base = (long) i << 40;
        context.runOnContext(v -> {
          UdpSocketDriver s = new UdpSocketDriver(load, vertx, context, base);
          s.socket.listen(0, "127.0.0.1".equals(options.target().host()) ? "127.0.0.1" : "0.0.0.0")
              .map(x -> s).onComplete(p);
        });
        bound.add(p.future());
      }
      for (Future<UdpSocketDriver> f : bound) {
        socks.add(f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      load.peer.startClock();
      if (options.rate() > 0) {
        return runOpen(socks, progress);
      }
      long t0 = System.nanoTime();
      socks.forEach(s -> s.context.runOnContext(v -> s.start()));
      long measureStart = t0 + (long) (limits.warmupSeconds() * 1e9);
      long measureEnd = measureStart + (long) (limits.durationSeconds() * 1e9);
      while (true) {
        long now = System.nanoTime();
        if (load.phase == UdpLoad.WARMUP && now >= measureStart) {
          measureStart = now;
          measureEnd = now + (long) (limits.durationSeconds() * 1e9);
          load.phase = UdpLoad.MEASURE;
        }
        if (load.phase == UdpLoad.MEASURE && (now >= measureEnd
            || limits.byCount() && socks.stream().mapToLong(s -> s.measuredVolatile).sum() >= limits.count())) {
          measureEnd = now;
          load.phase = UdpLoad.DRAIN;
          break;
        }
        load.peer.check(load.replies.sum(), false, "datagrams");
        progress.tick(load.phase == UdpLoad.WARMUP ? "warm-up" : "measure", (now - t0) / 1e9, load.replies::sum, load.errors::sum);
        TimeUnit.MILLISECONDS.sleep(limits.byCount() ? 5 : 50);
      }
      long drainEnd = System.nanoTime() + Math.min((long) (limits.timeoutSeconds() * 1e9),
          options.lossMillis() * 1_000_000L + 100_000_000L);
      while (System.nanoTime() < drainEnd && socks.stream().anyMatch(s -> s.inflightVolatile > 0)) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      progress.done();
      return report(socks, (measureEnd - measureStart) / 1e9, null);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends on the schedule until the window ends, then waits for the window's replies (or their loss). */
  private BenchReport runOpen(List<UdpSocketDriver> socks, BenchProgress progress) throws Exception {
    OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
    for (int i = 0; i < socks.size(); i++) {
      UdpSocketDriver s = socks.get(i);
      Pacer pacer = loop.pacer(socks.size(), i, options.window());
      s.context.runOnContext(v -> s.startOpen(pacer));
    }
    long now;
    while ((now = System.nanoTime()) < loop.measureEnd()) {
      if (load.phase == UdpLoad.WARMUP && now >= loop.measureStart()) {
        load.phase = UdpLoad.MEASURE;
      }
      load.peer.check(load.replies.sum(), false, "datagrams");
      progress.tick(load.phase == UdpLoad.WARMUP ? "warm-up" : "measure", (now - loop.start()) / 1e9, load.replies::sum, load.errors::sum);
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
    }
    load.phase = UdpLoad.MEASURE;
    long drainEnd = System.nanoTime() + (long) (options.limits().timeoutSeconds() * 1e9);
    while (System.nanoTime() < drainEnd && socks.stream().anyMatch(s -> !s.openDone)) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    load.phase = UdpLoad.DRAIN;
    progress.done();
    return report(socks, loop.seconds(), loop);
  }

  private BenchReport report(List<UdpSocketDriver> socks, double seconds, OpenLoop loop) throws Exception {
    Histogram all = BenchReport.newHistogram();
    Histogram lag = BenchReport.newHistogram();
    long count = 0;
    long wrong = 0;
    long lost = 0;
    long late = 0;
    long sendFailed = 0;
    for (UdpSocketDriver s : socks) {
      Promise<UdpSocketDriver> p = Promise.promise();
      s.context.runOnContext(v -> {
        s.lostMeasured += s.inflight.size();
        s.inflight.clear();
        s.closing = true;
        s.vertx.cancelTimer(s.timer);
        s.vertx.cancelTimer(s.tickTimer);
        s.socket.close();
        p.complete(s);
      });
      UdpSocketDriver done = p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (done.pacer != null) {
        all.add(done.pacer.latency());
        lag.add(done.pacer.lag());
        count += done.pacer.inWindow();
        lost += done.pacer.unanswered();
      } else {
        all.add(done.histogram);
        count += done.measured;
        lost += done.lostMeasured;
      }
      wrong += done.wrong;
      late += done.late;
      sendFailed += done.sendFailed;
    }
    BenchReport report = new BenchReport("udp", options.target().toString())
        .unit("datagrams")
        .parameter("size", options.size())
        .parameter("sockets", options.sockets());
    if (loop != null) {
      report.openLoop(loop.rate(), options.window(), lag);
    } else {
      report.parameter("window", options.window());
    }
    return report
        .parameter("expect", options.expect().name().toLowerCase())
        .parameter("lossAfterMs", options.lossMillis())
        .measured(count, count * options.size(), seconds)
        .latency(all)
        .error("wrong", wrong)
        .extra("late", late) // a reply after --loss-after: that datagram already counts as lost, not an error
        .error("send", sendFailed)
        .extra("lost", lost)
        .extra("lossPercent", count + lost == 0 ? 0.0 : Math.round(10000.0 * lost / (count + lost)) / 100.0);
  }
}
