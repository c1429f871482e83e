package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.slf4j.LoggerFactory;

/**
 * Event-bus load: request-reply round trips or publish-to-consumer deliveries, with at most
 * {@code window} in flight, either in-process (one Vert.x, a local consumer) or through a TCP
 * event-bus bridge: one bridge connection registers a private address {@code netbus.bench.<id>}
 * and answers each message, the other sends requests to it (or publishes), so every round trip
 * crosses the bridge twice each way.
 *
 * <p>With {@code clusterPort}, two Hazelcast-clustered Vert.x nodes run in this process: the
 * consumer on one, the sender on the other, so every message crosses the cluster's TCP bus.
 */
public final class BusBench {

  public static final String ADDRESS_PREFIX = "netbus.bench.";

  public record Options(Target bridge, String pattern, int window, int size, Limits limits, int clusterPort) {

    public Options(Target bridge, String pattern, int window, int size, Limits limits) {
      this(bridge, pattern, window, size, limits, 0);
    }

    public Options {
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
    Vertx vertx = options.clustered() ? clustered(options.clusterPort(), options.clusterPort(), clusterName) : Vertx.builder().build();
    Vertx consumerSide;
    try {
      consumerSide = options.clustered() ? clustered(options.clusterPort(), options.clusterPort() + 1, clusterName) : vertx;
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
      Promise<BenchReport> report = Promise.promise();
      double seconds = (measureEnd - measureStart) / 1e9;
      context.runOnContext(v -> report.complete(report(seconds)));
      BenchReport result = report.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (broken && failure != null) {
        throw new BenchException(failure);
      }
      return result;
    } finally {
      if (consumerSide != vertx) {
        consumerSide.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private BenchReport report(double seconds) {
    long lost = inflight.size();
    if (sender != null) {
      sender.close();
    }
    String where = options.clustered() ? "two clustered nodes in-process (127.0.0.1:" + options.clusterPort() + "-"
        + (options.clusterPort() + 1) + ")" : options.inProcess() ? "in-process" : "bridge " + options.bridge();
    BenchReport r = new BenchReport("bus", where)
        .unit("request".equals(options.pattern()) ? "round trips" : "deliveries")
        .parameter("pattern", options.pattern())
        .parameter("window", options.window())
        .parameter("size", options.size())
        .measured(measured, measured * options.size(), seconds)
        .latency(histogram)
        .error("wrong", wrong)
        .error("failed", failed)
        .error("lost", lost);
    return firstFailure == null ? r : r.extra("firstFailure", firstFailure);
  }

  private void fill() {
    while (phase != DRAIN && !broken && inflight.size() < options.window()) {
      long id = seq++;
      long now = System.nanoTime();
      inflight.put(id, now);
      inflightCount = inflight.size();
      JsonObject body = new JsonObject().put("seq", id).put("sent", now).put("text", payload);
      sent++;
      if ("request".equals(options.pattern())) {
        sender.request(id, body);
      } else {
        sender.publish(body);
      }
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
    if (phase == MEASURE) {
      measured++;
      histogram.recordValue(Math.min(Math.max(1, now - start), BenchReport.MAX_TRACKABLE_NANOS));
    }
    fill();
  }

  private void onFailed(long id, String message) {
    inflight.remove(id);
    inflightCount = inflight.size();
    if (phase == MEASURE) {
      failed++;
      errors.increment();
    }
    if (failed == 1) {
      firstFailure = message;
    }
    // no handler yet (registration still spreading) or a failing peer: retry shortly, not in a spin
    vertx.setTimer(10, t -> fill());
  }

  /**
   * A Hazelcast-clustered Vert.x on 127.0.0.1:{@code port}, joining {@code base} and
   * {@code base + 1} by TCP-IP: the two nodes of the clustered bench, both in this process.
   */
  private static Vertx clustered(int base, int port, String clusterName) throws Exception {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    for (String name : new String[] {"com.hazelcast.cp.CPSubsystem", "com.hazelcast.instance.impl.HazelcastInstanceFactory"}) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(clusterName);
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    hz.setProperty("hazelcast.max.wait.seconds.before.join", "3");
    hz.setProperty("hazelcast.health.monitoring.level", "OFF");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of("127.0.0.1"));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
        .setMembers(java.util.List.of("127.0.0.1:" + base, "127.0.0.1:" + (base + 1)));
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(hz))
        .buildClustered()
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
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
    NetClient client = vertx.createNetClient();
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
