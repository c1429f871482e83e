package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@code connections} idle TCP connections (in waves, so the listen backlog copes), holds
 * them for {@code holdSeconds}, then closes them. Used to measure what idle connections cost a
 * server: {@code bench/compare.sh} reads the server's heap while they are held. Prints
 * {@code open N} on stdout once all are open, and reports how many the server closed meanwhile.
 */
public final class IdleBench {

  public record Options(Target target, int connections, double holdSeconds, double timeoutSeconds) {

    public Options {
      TcpBench.check("--connections", connections, 1, 60_000);
      if (holdSeconds < 0 || holdSeconds > Limits.MAX_SECONDS) {
        throw new IllegalArgumentException("--hold: " + holdSeconds + " is not 0-" + (long) Limits.MAX_SECONDS);
      }
    }
  }

  private IdleBench() {
  }

  public static BenchReport run(Options options, PrintStream out) throws Exception {
    Vertx vertx = Vertx.builder().build();
    try {
      NetClient client = vertx.createNetClient(new NetClientOptions()
          .setConnectTimeout((int) (options.timeoutSeconds() * 1000)));
      List<NetSocket> sockets = new ArrayList<>();
      int[] closedEarly = new int[1];
      long t0 = System.nanoTime();
      for (int start = 0; start < options.connections(); start += TcpBench.CONNECT_WAVE) {
        List<Future<NetSocket>> wave = new ArrayList<>();
        for (int i = start; i < Math.min(options.connections(), start + TcpBench.CONNECT_WAVE); i++) {
          Context context = vertx.getOrCreateContext();
          Promise<NetSocket> p = Promise.promise();
          context.runOnContext(v -> client.connect(options.target().port(), options.target().host())
              .onSuccess(s -> s.closeHandler(x -> {
                synchronized (closedEarly) {
                  closedEarly[0]++;
                }
              }))
              .onComplete(p));
          wave.add(p.future());
        }
        try {
          Future.all(wave).toCompletionStage().toCompletableFuture()
              .get((long) (options.timeoutSeconds() * 1000) + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new BenchException("opened " + (sockets.size()) + " connections to " + options.target()
              + ", then: " + e.getCause().getMessage(), e.getCause());
        }
        wave.forEach(f -> sockets.add(f.result()));
      }
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      out.println("open " + sockets.size());
      out.flush();
      TimeUnit.MILLISECONDS.sleep((long) (options.holdSeconds() * 1000));
      int early;
      synchronized (closedEarly) {
        early = closedEarly[0];
      }
      return new BenchReport("idle", options.target().toString())
          .unit("connections")
          .parameter("hold", options.holdSeconds())
          .measured(sockets.size(), 0, openSeconds)
          .error("closedByServer", early);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
