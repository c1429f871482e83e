package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

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
 */
public final class BusBench {

  public static final String ADDRESS_PREFIX = "netbus.bench.";

  public record Options(Target bridge, String pattern, int window, int size, Limits limits, int clusterPort,
      double rate, ClientTransport transport) {

    public Options(Target bridge, String pattern, int window, int size, Limits limits) {
      this(bridge, pattern, window, size, limits, 0, 0, ClientTransport.PLAIN);
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

  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int DRAIN = 2;

  private final Options options;
  private final String address = ADDRESS_PREFIX + UUID.randomUUID();
  private final String payload;
  private final LongAdder done = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final Histogram histogram = BenchReport.newHistogram();
  private volatile int phase = WARMUP;
  private volatile long measured;
  private volatile boolean broken;
  private volatile int inflightCount;
  private String failure;
  private String firstFailure;
  private final Promise<Void> registered = Promise.promise();
  private long wrong;
  private long failed;
  private long sent;
  private long seq;
  private long received;
  private final Map<Long, Long> inflight = new HashMap<>();
  private Sender sender;
  private Vertx vertx;
  private Pacer pacer;
  private long tickTimer = -1;
  private volatile boolean openDone;

  private BusBench(Options options) {
    this.options = options;
    this.payload = new String(Payloads.message(0, options.size()), java.nio.charset.StandardCharsets.US_ASCII);
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new BusBench(options).run(progress);
  }

  /** How a message leaves: over the local bus or as a bridge frame. */
  private interface Sender {
    void request(long seq, JsonObject body);

    void publish(JsonObject body);

    Future<Void> close();
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    String clusterName = "netbus-bench-" + UUID.randomUUID();
    Vertx vertx = options.clustered() ? BenchCluster.clustered(options.clusterPort(), options.clusterPort(), clusterName) : Vertx.builder().build();
    Vertx consumerSide;
    try {
      consumerSide = options.clustered() ? BenchCluster.clustered(options.clusterPort(), options.clusterPort() + 1, clusterName) : vertx;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
    this.vertx = vertx;
    try {
      Context context = vertx.getOrCreateContext();
      Promise<Void> ready = Promise.promise();
      context.runOnContext(v -> (options.inProcess() ? setUpLocal(consumerSide, vertx) : setUpBridge(vertx))
          .onComplete(ready));
      try {
        ready.future().toCompletionStage().toCompletableFuture().get((long) (limits.timeoutSeconds() * 1000),
            TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new BenchException("cannot reach the bridge at " + options.bridge() + ": " + e.getCause().getMessage(),
            e.getCause());
      }
      if (options.rate() > 0) {
        return runOpen(context, progress);
      }
      context.runOnContext(v -> fill());
      long t0 = System.nanoTime();
      long measureStart = t0 + (long) (limits.warmupSeconds() * 1e9);
      long measureEnd = Long.MAX_VALUE;
      while (!broken) {
        long now = System.nanoTime();
        if (phase == WARMUP && now >= measureStart) {
          measureStart = now;
          measureEnd = now + (long) (limits.durationSeconds() * 1e9);
          phase = MEASURE;
        }
        if (phase == MEASURE && (now >= measureEnd || limits.byCount() && measured >= limits.count())) {
          measureEnd = now;
          break;
        }
        progress.tick(phase == WARMUP ? "warm-up" : "measure", (now - t0) / 1e9, done::sum, errors::sum);
        TimeUnit.MILLISECONDS.sleep(limits.byCount() ? 5 : 50);
      }
      if (broken) {
        measureEnd = System.nanoTime();
      }
      phase = DRAIN;
      long drainEnd = System.nanoTime() + (long) (limits.timeoutSeconds() * 1e9);
      while (!broken && inflightCount > 0 && System.nanoTime() < drainEnd) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      progress.done();
      return finish(context, (measureEnd - measureStart) / 1e9, null);
    } finally {
      if (consumerSide != vertx) {
        consumerSide.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private BenchReport finish(Context context, double seconds, OpenLoop loop) throws Exception {
    Promise<BenchReport> report = Promise.promise();
    context.runOnContext(v -> report.complete(report(seconds, loop)));
    BenchReport result = report.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (broken && failure != null) {
      throw new BenchException(failure);
    }
    return result;
  }

  /** Sends on the schedule until the window ends, then waits (at most the timeout) for the window's replies. */
  private BenchReport runOpen(Context context, BenchProgress progress) throws Exception {
    OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
    context.runOnContext(v -> {
      pacer = loop.pacer(1, 0, options.window());
      tick();
    });
    long now;
    while (!broken && (now = System.nanoTime()) < loop.measureEnd()) {
      if (phase == WARMUP && now >= loop.measureStart()) {
        phase = MEASURE;
      }
      progress.tick(phase == WARMUP ? "warm-up" : "measure", (now - loop.start()) / 1e9, done::sum, errors::sum);
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
    }
    phase = MEASURE;
    long drainEnd = System.nanoTime() + (long) (options.limits().timeoutSeconds() * 1e9);
    while (!broken && !openDone && System.nanoTime() < drainEnd) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    phase = DRAIN;
    progress.done();
    return finish(context, loop.seconds(), loop);
  }

  /** Open loop: sends what is due, then sleeps until the next message is (or a reply frees a slot). */
  private void tick() {
    tickTimer = -1;
    if (broken || phase == DRAIN) {
      return;
    }
    long now = System.nanoTime();
    for (int n = pacer.due(now, inflight.size()); n > 0; n--) {
      sendOne(pacer.next(now));
    }
    if (pacer.finished()) {
      openDone = inflight.isEmpty();
    } else if (!pacer.blocked(now, inflight.size())) {
      tickTimer = vertx.setTimer(pacer.delayMillis(now), id -> tick());
    }
  }

  /** A reply or a failure freed a slot: an open loop blocked at the most in flight sends again. */
  private void freed() {
    if (pacer.finished()) {
      openDone = inflight.isEmpty();
    } else if (tickTimer < 0) {
      tick();
    }
  }

  private BenchReport report(double seconds, OpenLoop loop) {
    long lost = loop != null ? pacer.unanswered() : inflight.size();
    vertx.cancelTimer(tickTimer);
    if (sender != null) {
      sender.close();
    }
    String where = options.clustered() ? "two clustered nodes in-process (127.0.0.1:" + options.clusterPort() + "-"
        + (options.clusterPort() + 1) + ")" : options.inProcess() ? "in-process" : "bridge " + options.bridge();
    BenchReport r = new BenchReport("bus", where)
        .unit("request".equals(options.pattern()) ? "round trips" : "deliveries")
        .parameter("pattern", options.pattern());
    if (loop != null) {
      r.openLoop(loop.rate(), options.window(), pacer.lag());
    } else {
      r.parameter("window", options.window());
    }
    long count = loop != null ? pacer.inWindow() : measured;
    r.parameter("size", options.size())
        .measured(count, count * options.size(), seconds)
        .latency(loop != null ? pacer.latency() : histogram)
        .error("wrong", wrong)
        .error("failed", failed)
        .error("lost", lost);
    return firstFailure == null ? r : r.extra("firstFailure", firstFailure);
  }

  private void fill() {
    while (phase != DRAIN && !broken && inflight.size() < options.window()) {
      sendOne(System.nanoTime());
    }
  }

  /** Sends one message, its latency timed from {@code from} (now in a closed loop, its schedule in an open one). */
  private void sendOne(long from) {
    long id = seq++;
    inflight.put(id, from);
    inflightCount = inflight.size();
    JsonObject body = new JsonObject().put("seq", id).put("sent", from).put("text", payload);
    sent++;
    if ("request".equals(options.pattern())) {
      sender.request(id, body);
    } else {
      sender.publish(body);
    }
  }

  /** A reply (request pattern) or a delivery (publish pattern) came back. */
  private void onBack(long id, JsonObject body) {
    long now = System.nanoTime();
    Long start = inflight.remove(id);
    if (start == null) {
      return;
    }
    inflightCount = inflight.size();
    done.increment();
    if (body == null || !payload.equals(body.getString("text")) || body.getLong("seq", -1L) != id) {
      wrong++;
      errors.increment();
    }
    if (pacer != null) {
      pacer.reply(start, now);
      freed();
      return;
    }
    if (phase == MEASURE) {
      measured++;
      histogram.recordValue(Math.min(Math.max(1, now - start), BenchReport.MAX_TRACKABLE_NANOS));
    }
    fill();
  }

  private void onFailed(long id, String message) {
    Long start = inflight.remove(id);
    inflightCount = inflight.size();
    if (pacer != null ? start != null && pacer.failed(start) : phase == MEASURE) {
      failed++;
      errors.increment();
    }
    if (failed == 1) {
      firstFailure = message;
    }
    if (pacer != null) {
      freed();
      return;
    }
    // no handler yet (registration still spreading) or a failing peer: retry shortly, not in a spin
    vertx.setTimer(10, t -> fill());
  }

  private Future<Void> setUpLocal(Vertx consumerSide, Vertx vertx) {
    EventBus bus = vertx.eventBus();
    MessageConsumer<JsonObject> consumer = consumerSide.eventBus().consumer(address, msg -> {
      if ("publish".equals(options.pattern())) {
        onBack(msg.body().getLong("seq"), msg.body());
      } else {
        msg.reply(msg.body());
      }
    });
    sender = new Sender() {
      @Override
      public void request(long id, JsonObject body) {
        bus.<JsonObject>request(address, body).onComplete(ar -> {
          if (ar.succeeded()) {
            onBack(id, ar.result().body());
          } else {
            onFailed(id, ar.cause().getMessage());
          }
        });
      }

      @Override
      public void publish(JsonObject body) {
        bus.publish(address, body);
      }

      @Override
      public Future<Void> close() {
        return consumer.unregister();
      }
    };
    return consumer.completion();
  }

  private Future<Void> setUpBridge(Vertx vertx) {
    NetClient client = vertx.createNetClient(options.transport().configure(new NetClientOptions().setTcpNoDelay(true)));
    Target bridge = options.bridge();
    return client.connect(bridge.port(), bridge.host())
        .compose(responder -> client.connect(bridge.port(), bridge.host()).compose(requester -> {
          wire(responder, requester);
          responder.write(BridgeCodec.encode(new JsonObject().put("type", "register").put("address", address)));
          responder.write(BridgeCodec.encode(new JsonObject().put("type", "ping")));
          return registered.future();
        }));
  }

  /** Sets both connections' frame handlers: the responder answers, the requester matches replies. */
  private void wire(NetSocket responder, NetSocket requester) {
    BridgeCodec responderCodec = new BridgeCodec(16 << 20, frame -> {
      String type = frame.getString("type");
      if ("message".equals(type)) {
        JsonObject body = frame.getJsonObject("body");
        if ("publish".equals(options.pattern())) {
          onBack(body.getLong("seq", -1L), body);
        } else if (frame.getString("replyAddress") != null) {
          responder.write(BridgeCodec.encode(new JsonObject().put("type", "send")
              .put("address", frame.getString("replyAddress")).put("body", body)));
        }
      } else if ("pong".equals(type)) {
        registered.tryComplete();
      } else if ("err".equals(type)) {
        broken = true;
        failure = "the bridge refused to register " + address + ": " + frame.getString("message");
        registered.tryFail(failure);
      }
    });
    BridgeCodec requesterCodec = new BridgeCodec(16 << 20, frame -> {
      String type = frame.getString("type");
      String reply = frame.getString("address");
      long id = reply == null || !reply.startsWith("r") ? -1 : Long.parseLong(reply.substring(1));
      if ("message".equals(type) && id >= 0) {
        onBack(id, frame.getJsonObject("body"));
      } else if ("err".equals(type) && id >= 0) {
        onFailed(id, frame.getString("message"));
      } else if ("err".equals(type)) {
        broken = true;
        failure = "the bridge refused: " + frame.getString("message");
      }
    });
    responder.handler(responderCodec::feed);
    requester.handler(requesterCodec::feed);
    responder.closeHandler(v -> onBridgeClosed());
    requester.closeHandler(v -> onBridgeClosed());
    sender = new Sender() {
      @Override
      public void request(long id, JsonObject body) {
        requester.write(BridgeCodec.encode(new JsonObject().put("type", "send").put("address", address)
            .put("replyAddress", "r" + id).put("body", body)));
      }

      @Override
      public void publish(JsonObject body) {
        requester.write(BridgeCodec.encode(new JsonObject().put("type", "publish").put("address", address)
            .put("body", body)));
      }

      @Override
      public Future<Void> close() {
        return requester.close().eventually(() -> responder.close());
      }
    };
  }

  private void onBridgeClosed() {
    if (phase != DRAIN) {
      broken = true;
      failure = "the bridge closed the connection";
    }
  }
}
