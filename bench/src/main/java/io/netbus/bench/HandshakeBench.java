package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection storm: new connections at a fixed rate (open loop), each closed as soon as it is
 * established, which with a {@link ClientTls} transport means as soon as its TLS handshake (server
 * certificate and name verified) completed. Each connection is timed from its intended start on
 * the schedule to the end of its handshake; one that fails (refused, handshake error, timeout)
 * is an error. Run it beside another bench to see what a storm of new TLS clients does to the
 * connections already open (bench/compare.sh's {@code tls} section does).
 */
public final class HandshakeBench {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeBench.class);

  /** What to run: {@code rate} new connections/s, at most {@code maxInFlight} connecting at once. */
  public record Options(Target target, double rate, int maxInFlight, Limits limits, ClientTransport transport) {

    public Options {
      OpenLoop.check(rate, limits);
      TcpBench.check("--max-in-flight", maxInFlight, 1, 20_000);
    }
  }

  private final Options options;
  private final LongAdder done = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private NetClient client;
  private Pacer pacer;
  private int inflight;
  private long failed;
  private String firstFailure;
  private long timer = -1;
  private volatile boolean finished;

  private HandshakeBench(Options options) {
    this.options = options;
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new HandshakeBench(options).run(progress);
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Vertx vertx = Vertx.builder().build();
    try {
      Context context = vertx.getOrCreateContext();
      client = vertx.createNetClient(options.transport().configure(new NetClientOptions()
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, (long) (options.limits().timeoutSeconds() * 1000)))));
      OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
      context.runOnContext(v -> {
        pacer = loop.pacer(1, 0, options.maxInFlight());
        tick(vertx);
      });
      long now;
      while ((now = System.nanoTime()) < loop.measureEnd()) {
        progress.tick(now < loop.measureStart() ? "warm-up" : "measure", (now - loop.start()) / 1e9, done::sum,
            errors::sum);
        TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
      }
      long drainEnd = System.nanoTime() + (long) (options.limits().timeoutSeconds() * 1e9);
      while (!finished && System.nanoTime() < drainEnd) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      progress.done();
      Promise<BenchReport> report = Promise.promise();
      context.runOnContext(v -> {
        vertx.cancelTimer(timer);
        report.complete(report(loop));
      });
      return report.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Starts the connections that are due, then sleeps until the next one is (or one in flight ends). */
  private void tick(Vertx vertx) {
    timer = -1;
    long now = System.nanoTime();
    for (int n = pacer.due(now, inflight); n > 0; n--) {
      connect(vertx, pacer.next(now));
    }
    if (pacer.finished()) {
      finished = inflight == 0;
    } else if (!pacer.blocked(now, inflight)) {
      timer = vertx.setTimer(pacer.delayMillis(now), id -> tick(vertx));
    }
  }

  private void connect(Vertx vertx, long intended) {
    inflight++;
    client.connect(options.target().port(), options.target().host())
        .onSuccess(socket -> {
          pacer.reply(intended, System.nanoTime());
          done.increment();
          socket.close();
          ended(vertx);
        })
        .onFailure(err -> {
          if (pacer.failed(intended)) {
            failed++;
            errors.increment();
            if (firstFailure == null) {
              firstFailure = err.getMessage() == null ? err.toString() : err.getMessage();
              LOG.debug("connection failed", err);
            }
          }
          ended(vertx);
        });
  }

  /** A connection ended (either way): a schedule held back at the most in flight goes on. */
  private void ended(Vertx vertx) {
    inflight--;
    if (pacer.finished()) {
      finished = inflight == 0;
    } else if (timer < 0) {
      tick(vertx);
    }
  }

  private BenchReport report(OpenLoop loop) {
    BenchReport r = new BenchReport("handshake", options.target().toString())
        .unit("connections")
        .parameter("tls", options.transport() instanceof ClientTls)
        .openLoop(loop.rate(), options.maxInFlight(), pacer.lag())
        .measured(pacer.inWindow(), 0, loop.seconds())
        .latency(pacer.latency())
        .error("failed", failed)
        .error("lost", pacer.unanswered());
    return firstFailure == null ? r : r.extra("firstFailure", firstFailure);
  }
}
