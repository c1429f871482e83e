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
 * TCP request-reply load, every reply checked (see {@link ReplyVerifier}), in one of two modes.
 * Closed loop: {@code connections} sockets each keep {@code depth} messages in flight and send the
 * next as each reply arrives; latency runs from the write of a message to its whole reply (a
 * server stall holds the senders back, so these percentiles hide queueing). Open loop
 * ({@code rate > 0}): the connections send on a fixed schedule of {@code rate} messages/s in total
 * whatever the replies do, at most {@code depth} in flight each, and latency runs from each
 * message's intended send time (see {@link Pacer}). Works against any echo-like server: netbus, a
 * bare Vert.x server, socat, a thread-per-client script.
 */
public final class TcpBench {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBench.class);
  static final int CONNECT_WAVE = 256;

  /** What to run. {@code threads} is the client's event-loop count. */
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
      NetClient client = vertx.createNetClient(options.transport().configure(new NetClientOptions()
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, (long) (limits.timeoutSeconds() * 1000)))
          .setTcpNoDelay(true)));
      List<Conn> conns = connectAll(vertx, client);
      return options.openLoop() ? runOpen(conns, progress) : runClosed(conns, progress);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private BenchReport runClosed(List<Conn> conns, BenchProgress progress) throws Exception {
    Limits limits = options.limits();
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
    return report(conns, measured, null);
  }

  /** Sends on the schedule until the window ends, then waits (at most the timeout) for the window's replies. */
  private BenchReport runOpen(List<Conn> conns, BenchProgress progress) throws Exception {
    OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
    for (Conn c : conns) {
      c.context.runOnContext(v -> c.startOpen(loop.pacer(conns.size(), c.index, options.depth())));
    }
    long now;
    while ((now = System.nanoTime()) < loop.measureEnd() && !conns.stream().allMatch(c -> c.dead)) {
      progress.tick(now < loop.measureStart() ? "warm-up" : "measure", (now - loop.start()) / 1e9, replies::sum,
          errors::sum);
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
    }
    long drainEnd = System.nanoTime() + seconds(options.limits().timeoutSeconds());
    while (System.nanoTime() < drainEnd && conns.stream().anyMatch(c -> !c.dead && !c.openDone)) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    phase = DRAIN;
    progress.done();
    return report(conns, loop.seconds(), loop);
  }

  private BenchReport report(List<Conn> conns, double seconds, OpenLoop loop) throws Exception {
    List<Future<Conn>> closed = new ArrayList<>();
    for (Conn c : conns) {
      Promise<Conn> p = Promise.promise();
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
    for (Future<Conn> f : closed) {
      Conn c = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
        .parameter("connections", options.connections());
    if (loop != null) {
      report.openLoop(loop.rate(), options.depth(), lag);
    } else {
      report.parameter("depth", options.depth());
    }
    return report
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

  /**
   * One connection, confined to its event loop. {@code sendTimes} is a ring of the times the
   * messages in flight are timed from (in order, as TCP replies come back in order): when each was
   * written (closed loop) or when it was meant to leave (open loop).
   */
  private final class Conn implements ReplyVerifier.Listener {
    final NetSocket socket;
    final Context context;
    final int index;
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
    Pacer pacer;
    long timer = -1;
    boolean waitingForDrain;
    volatile boolean openDone;

    Conn(NetSocket socket, Context context, int index) {
      this.socket = socket;
      this.context = context;
      this.index = index;
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

    /** Open loop: sends what is due, then sleeps until the next message is (or a reply frees a slot). */
    void startOpen(Pacer pacer) {
      this.pacer = pacer;
      tick();
    }

    private void tick() {
      timer = -1;
      if (dead || closing) {
        return;
      }
      long t = System.nanoTime();
      for (int n = pacer.due(t, queued); n > 0; n--) {
        sendAt(pacer.next(t));
      }
      flush();
      if (pacer.finished()) {
        openDone = queued == 0;
      } else if (socket.writeQueueFull()) {
        // the kernel and Vert.x queues are full: wait for them, the late sends are still timed from their schedule
        waitingForDrain = true;
        socket.drainHandler(v -> {
          waitingForDrain = false;
          tick();
        });
      } else if (!pacer.blocked(t, queued)) {
        timer = context.owner().setTimer(pacer.delayMillis(t), id -> tick());
      }
      // blocked: the most in flight is reached; the next reply calls tick()
    }

    private void sendAt(long intended) {
      if (out == null) {
        out = Buffer.buffer(wireSize * 4);
      }
      options.framing().append(out, payloads.message(next));
      verifier.expect(payloads.reply(next));
      next = next + 1 == payloads.count() ? 0 : next + 1;
      sendTimes[(head + queued) % sendTimes.length] = intended;
      queued++;
      inflight = queued;
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
      sendAt(now);
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
      if (pacer != null) {
        pacer.reply(sent, now);
        if (pacer.finished()) {
          openDone = queued == 0;
        } else if (timer < 0 && !waitingForDrain) {
          tick(); // it was blocked at the most in flight: a slot is free now
        }
        return;
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
