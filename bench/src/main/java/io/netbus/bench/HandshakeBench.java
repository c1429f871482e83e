package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection storm: new connections at a fixed rate (open loop), each closed as soon as it is
 * established, which with a {@link ClientTls} transport means as soon as its TLS handshake (server
 * certificate and name verified) completed. Each connection is timed from its intended start on
 * the schedule to the end of its handshake; one that fails (refused, handshake error, timeout)
 * is an error. The schedule is split over {@code threads} event loops, each with its own share
 * of the rate, since a client handshake costs the client about as much CPU as the server. Run it
 * beside another bench to see what a storm of new TLS clients does to the connections already
 * open (bench/compare.sh's {@code tls} section does).
 */
public final class HandshakeBench {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeBench.class);

  /** What to run: {@code rate} new connections/s, at most {@code maxInFlight} connecting at once per thread. */
  public record Options(Target target, double rate, int maxInFlight, Limits limits, ClientTransport transport,
      int threads) {

    public Options {
      OpenLoop.check(rate, limits);
      TcpBench.check("--max-in-flight", maxInFlight, 1, 20_000);
      TcpBench.check("--threads", threads, 1, 64);
    }
  }

  private final Options options;
  private final LongAdder done = new LongAdder();
  private final LongAdder errors = new LongAdder();

  private HandshakeBench(Options options) {
    this.options = options;
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new HandshakeBench(options).run(progress);
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(options.threads())).build();
    try {
      NetClient client = vertx.createNetClient(options.transport().configure(new NetClientOptions()
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, (long) (options.limits().timeoutSeconds() * 1000)))));
      probe(client);
      OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
      List<Storm> storms = new ArrayList<>();
      for (int i = 0; i < options.threads(); i++) {
        Storm storm = new Storm(vertx.getOrCreateContext(), client, loop.pacer(options.threads(), i,
            options.maxInFlight()));
        storms.add(storm);
        storm.context.runOnContext(v -> storm.tick());
      }
      long now;
      while ((now = System.nanoTime()) < loop.measureEnd()) {
        progress.tick(now < loop.measureStart() ? "warm-up" : "measure", (now - loop.start()) / 1e9, done::sum,
            errors::sum);
        TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
      }
      long drainEnd = System.nanoTime() + (long) (options.limits().timeoutSeconds() * 1e9);
      while (!storms.stream().allMatch(s -> s.finished) && System.nanoTime() < drainEnd) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      progress.done();
      return report(storms, loop);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * One connection before the storm: a server that cannot be reached or does not verify is one
   * clear error, not a storm of failures, and the client's TLS context (the PEM files read) is
   * ready before the clock starts.
   */
  private void probe(NetClient client) throws Exception {
    try {
      client.connect(options.target().port(), options.target().host()).compose(NetSocket::close)
          .toCompletionStage().toCompletableFuture()
          .get((long) (options.limits().timeoutSeconds() * 1000) + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new BenchException("cannot connect to " + options.target() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private BenchReport report(List<Storm> storms, OpenLoop loop) throws Exception {
    Histogram latency = BenchReport.newHistogram();
    Histogram lag = BenchReport.newHistogram();
    long count = 0;
    long failed = 0;
    long lost = 0;
    String firstFailure = null;
    for (Storm storm : storms) {
      Promise<Storm> stopped = Promise.promise();
      storm.context.runOnContext(v -> stopped.complete(storm.stop()));
      Storm s = stopped.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      latency.add(s.pacer.latency());
      lag.add(s.pacer.lag());
      count += s.pacer.inWindow();
      lost += s.pacer.unanswered();
      failed += s.failed;
      firstFailure = firstFailure != null ? firstFailure : s.firstFailure;
    }
    BenchReport r = new BenchReport("handshake", options.target().toString())
        .unit("connections")
        .parameter("tls", options.transport() instanceof ClientTls)
        .parameter("threads", options.threads())
        .openLoop(loop.rate(), options.maxInFlight(), lag)
        .measured(count, 0, loop.seconds())
        .latency(latency)
        .error("failed", failed)
        .error("lost", lost);
    return firstFailure == null ? r : r.extra("firstFailure", firstFailure);
  }

  /** One event loop's share of the storm, confined to that loop. */
  private final class Storm {
    final Context context;
    final NetClient client;
    final Pacer pacer;
    int inflight;
    long failed;
    String firstFailure;
    long timer = -1;
    boolean stopped;
    volatile boolean finished;

    Storm(Context context, NetClient client, Pacer pacer) {
      this.context = context;
      this.client = client;
      this.pacer = pacer;
    }

    /** Starts the connections that are due, then sleeps until the next one is (or one in flight ends). */
    void tick() {
      timer = -1;
      if (stopped) {
        return;
      }
      long now = System.nanoTime();
      for (int n = pacer.due(now, inflight); n > 0; n--) {
        connect(pacer.next(now));
      }
      if (pacer.finished()) {
        finished = inflight == 0;
      } else if (!pacer.blocked(now, inflight)) {
        timer = context.owner().setTimer(pacer.delayMillis(now), id -> tick());
      }
    }

    private void connect(long intended) {
      inflight++;
      Future<Void> handshake = client.connect(options.target().port(), options.target().host())
          .compose(socket -> {
            pacer.reply(intended, System.nanoTime());
            done.increment();
            return socket.close();
          });
      handshake.onFailure(err -> {
        if (pacer.failed(intended)) {
          failed++;
          errors.increment();
          if (firstFailure == null) {
            firstFailure = err.getMessage() == null ? err.toString() : err.getMessage();
            LOG.debug("connection failed", err);
          }
        }
      }).onComplete(ar -> ended());
    }

    /** A connection ended (either way): a schedule held back at the most in flight goes on. */
    private void ended() {
      inflight--;
      if (pacer.finished()) {
        finished = inflight == 0;
      } else if (timer < 0 && !stopped) {
        tick();
      }
    }

    Storm stop() {
      stopped = true;
      context.owner().cancelTimer(timer);
      return this;
    }
  }
}
