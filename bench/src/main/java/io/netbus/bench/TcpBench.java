package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP request-reply load: {@code connections} sockets each keep {@code depth} messages in flight,
 * send the next message as each reply arrives, and check every reply (see {@link ReplyVerifier}).
 * Latency is from the write of a message to the arrival of its whole reply. Works against any
 * echo-like server: netbus, a bare Vert.x server, socat, a thread-per-client script.
 */
public final class TcpBench {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBench.class);
  static final int CONNECT_WAVE = 256;

  /** What to run. {@code threads} is the client's event-loop count. */
  public record Options(Target target, int connections, int depth, int size, BenchFraming framing, Expect expect,
      Limits limits, int threads) {

    public Options {
      check("--connections", connections, 1, 20_000);
      check("--depth", depth, 1, 4096);
      check("--size", size, 1, 1 << 20);
      check("--threads", threads, 1, 64);
    }
  }

  static void check(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + ": " + value + " is not " + min + "-" + max);
    }
  }

  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int DRAIN = 2;

  private final Options options;
  private final Payloads payloads;
  private final LongAdder replies = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicLong sendPermits;
  private final AtomicLong toMeasure;
  private final int wireSize;
  private volatile int phase = WARMUP;
  private volatile long measureEnd;

  private TcpBench(Options options) {
    this.options = options;
    this.payloads = new Payloads(Math.max(17, 2 * options.depth() + 1), options.size(), options.expect());
    this.sendPermits = new AtomicLong(options.limits().count());
    this.toMeasure = new AtomicLong(options.limits().count());
    this.wireSize = options.size() + options.framing().overhead();
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new TcpBench(options).run(progress);
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(options.threads())).build();
    try {
      NetClient client = vertx.createNetClient(new NetClientOptions()
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, (long) (limits.timeoutSeconds() * 1000)))
          .setTcpNoDelay(true));
      List<Conn> conns = connectAll(vertx, client);
      long t0 = System.nanoTime();
      for (Conn c : conns) {
        c.context.runOnContext(v -> c.start());
      }
      long warmEnd = t0 + seconds(limits.warmupSeconds());
      long measureStart = -1;
      long deadline = Long.MAX_VALUE;
      while (true) {
        long now = System.nanoTime();
        if (phase == WARMUP && now >= warmEnd) {
          measureStart = now;
          deadline = now + seconds(limits.durationSeconds());
          phase = MEASURE;
        }
        if (phase == MEASURE && now >= deadline) {
          measureEnd = now;
          phase = DRAIN;
        }
        if (phase == DRAIN || conns.stream().allMatch(c -> c.dead)) {
          break;
        }
        progress.tick(phase == WARMUP ? "warm-up" : "measure", (now - t0) / 1e9, replies::sum, errors::sum);
        TimeUnit.MILLISECONDS.sleep(50);
      }
      if (measureStart < 0) {
        measureStart = System.nanoTime();
      }
      if (phase != DRAIN) {
        measureEnd = System.nanoTime();
        phase = DRAIN;
      }
      long drainEnd = System.nanoTime() + seconds(limits.timeoutSeconds());
      while (System.nanoTime() < drainEnd && conns.stream().anyMatch(c -> !c.dead && c.inflight > 0)) {
        TimeUnit.MILLISECONDS.sleep(10);
      }
      progress.done();
      double measured = (measureEnd - measureStart) / 1e9;
      return report(conns, measured);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private BenchReport report(List<Conn> conns, double seconds) throws Exception {
    List<Future<Conn>> closed = new ArrayList<>();
    for (Conn c : conns) {
      Promise<Conn> p = Promise.promise();
      c.context.runOnContext(v -> {
        c.lost = c.inflight;
        c.closing = true;
        c.socket.close();
        p.complete(c);
      });
      closed.add(p.future());
    }
    Histogram all = BenchReport.newHistogram();
    long count = 0;
    long wrong = 0;
    long unexpected = 0;
    long lost = 0;
    long failed = 0;
    for (Future<Conn> f : closed) {
      Conn c = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      all.add(c.histogram);
      count += c.measured;
      wrong += c.wrong;
      unexpected += c.unexpected;
      lost += c.lost;
      failed += c.failure == null ? 0 : 1;
    }
    return new BenchReport("tcp", options.target().toString())
        .parameter("framing", options.framing().name().toLowerCase())
        .parameter("size", options.size())
        .parameter("connections", options.connections())
        .parameter("depth", options.depth())
        .parameter("expect", options.expect().name().toLowerCase())
        .parameter("warmup", options.limits().warmupSeconds())
        .measured(count, count * wireSize, seconds)
        .latency(all)
        .error("wrong", wrong)
        .error("unexpected", unexpected)
        .error("lost", lost)
        .error("connection", failed);
  }

  private List<Conn> connectAll(Vertx vertx, NetClient client) throws Exception {
    List<Conn> conns = new ArrayList<>(options.connections());
    for (int start = 0; start < options.connections(); start += CONNECT_WAVE) {
      List<Future<Conn>> wave = new ArrayList<>();
      for (int i = start; i < Math.min(options.connections(), start + CONNECT_WAVE); i++) {
        int index = i;
        Context context = vertx.getOrCreateContext();
        Promise<Conn> connected = Promise.promise();
        context.runOnContext(v -> client.connect(options.target().port(), options.target().host())
            .map(socket -> new Conn(socket, context, index))
            .onComplete(connected));
        wave.add(connected.future());
      }
      try {
        Future.all(wave).toCompletionStage().toCompletableFuture()
            .get((long) (options.limits().timeoutSeconds() * 1000) + 1000, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new BenchException("cannot connect to " + options.target() + ": " + e.getCause().getMessage(), e.getCause());
      }
      wave.forEach(f -> conns.add(f.result()));
    }
    return conns;
  }

  private static long seconds(double s) {
    return (long) (s * 1e9);
  }

  /** One connection, confined to its event loop. */
  private final class Conn implements ReplyVerifier.Listener {
    final NetSocket socket;
    final Context context;
    final ReplyVerifier verifier;
    final long[] sendTimes = new long[options.depth()];
    final Histogram histogram = BenchReport.newHistogram();
    int head;
    int queued;
    int next;
    long now;
    Buffer out;
    volatile int inflight;
    volatile boolean dead;
    boolean closing;
    long measured;
    long wrong;
    long unexpected;
    long lost;
    String failure;

    Conn(NetSocket socket, Context context, int index) {
      this.socket = socket;
      this.context = context;
      this.next = (index * 7) % payloads.count();
      this.verifier = options.framing().verifier(this, Math.max(65536, options.size() * 2));
      socket.handler(this::onData);
      socket.exceptionHandler(this::onError);
      socket.closeHandler(v -> onClosed());
    }

    void start() {
      now = System.nanoTime();
      out = Buffer.buffer(wireSize * options.depth());
      for (int i = 0; i < options.depth(); i++) {
        send();
      }
      flush();
    }

    private void onData(Buffer chunk) {
      now = System.nanoTime();
      verifier.feed(chunk);
      flush();
    }

    private void send() {
      int p = phase;
      if (p == DRAIN || dead) {
        return;
      }
      if (options.limits().byCount() && p == MEASURE && sendPermits.getAndDecrement() <= 0) {
        return;
      }
      if (out == null) {
        out = Buffer.buffer(wireSize * 4);
      }
      options.framing().append(out, payloads.message(next));
      verifier.expect(payloads.reply(next));
      next = next + 1 == payloads.count() ? 0 : next + 1;
      sendTimes[(head + queued) % sendTimes.length] = now;
      queued++;
      inflight = queued;
    }

    private void flush() {
      if (out != null && out.length() > 0) {
        socket.write(out);
        out = null;
      }
    }

    @Override
    public void onReply(boolean ok) {
      long sent = sendTimes[head];
      head = head + 1 == sendTimes.length ? 0 : head + 1;
      queued--;
      inflight = queued;
      replies.increment();
      if (!ok) {
        wrong++;
        errors.increment();
      }
      if (phase == MEASURE) {
        measured++;
        histogram.recordValue(Math.min(Math.max(1, now - sent), BenchReport.MAX_TRACKABLE_NANOS));
        if (options.limits().byCount() && toMeasure.decrementAndGet() == 0) {
          measureEnd = now;
          phase = DRAIN;
        }
      }
      send();
    }

    @Override
    public void onUnexpected() {
      unexpected++;
      errors.increment();
    }

    @Override
    public void onProtocolError(String problem) {
      fail(problem);
      socket.close();
    }

    private void onError(Throwable err) {
      LOG.debug("connection error", err);
      fail(err.getMessage() == null ? err.toString() : err.getMessage());
    }

    private void onClosed() {
      if (!closing && phase != DRAIN) {
        fail("closed by the server");
      }
      dead = true;
    }

    private void fail(String problem) {
      if (failure == null && !closing) {
        failure = problem;
        errors.increment();
        LOG.warn("bench connection failed: {}", problem);
      }
      dead = true;
    }
  }
}
