package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 */
public final class UdpBench {

  static final int HEADER = 16;

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
      TcpBench.check("--size", size, HEADER, 65507);
      TcpBench.check("--loss-after", lossMillis, 1, 60_000);
      TcpBench.check("--threads", threads, 1, 64);
    }
  }

  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int DRAIN = 2;

  private final Options options;
  private final LongAdder replies = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private volatile int phase = WARMUP;

  private UdpBench(Options options) {
    this.options = options;
  }

  public static BenchReport run(Options options, BenchProgress progress) throws Exception {
    return new UdpBench(options).run(progress);
  }

  /** Options of every client socket: the read buffer never truncates a reply. */
  static DatagramSocketOptions socketOptions() {
    return new DatagramSocketOptions().setReceiveBufferSize(READ_BUFFER);
  }

  /** Datagram {@code seq}: its number as 16 letters a-p (one per nibble), then a rotating alphabet. */
  static byte[] message(long seq, int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < HEADER; i++) {
      out[i] = (byte) ('a' + ((seq >>> (4 * (HEADER - 1 - i))) & 0xf));
    }
    for (int i = HEADER; i < size; i++) {
      out[i] = (byte) ('a' + ((seq + i) % 26));
    }
    return out;
  }

  /** The sequence number a datagram (or its upper-cased reply) carries, or -1 when it carries none. */
  static long sequence(byte[] b, int from) {
    long seq = 0;
    for (int i = 0; i < HEADER; i++) {
      int nibble = (b[from + i] | 0x20) - 'a';
      if (nibble < 0 || nibble > 15) {
        return -1;
      }
      seq = (seq << 4) | nibble;
    }
    return seq;
  }

  private BenchReport run(BenchProgress progress) throws Exception {
    Limits limits = options.limits();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(options.threads())).build();
    try {
      List<Sock> socks = new ArrayList<>();
      List<Future<Sock>> bound = new ArrayList<>();
      for (int i = 0; i < options.sockets(); i++) {
        Context context = vertx.getOrCreateContext();
        Promise<Sock> p = Promise.promise();
        long base = (long) i << 40;
        context.runOnContext(v -> {
          Sock s = new Sock(vertx, context, base);
          s.socket.listen(0, "127.0.0.1".equals(options.target().host()) ? "127.0.0.1" : "0.0.0.0")
              .map(x -> s).onComplete(p);
        });
        bound.add(p.future());
      }
      for (Future<Sock> f : bound) {
        socks.add(f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      }
      if (options.rate() > 0) {
        return runOpen(socks, progress);
      }
      long t0 = System.nanoTime();
      socks.forEach(s -> s.context.runOnContext(v -> s.start()));
      long measureStart = t0 + (long) (limits.warmupSeconds() * 1e9);
      long measureEnd = measureStart + (long) (limits.durationSeconds() * 1e9);
      while (true) {
        long now = System.nanoTime();
        if (phase == WARMUP && now >= measureStart) {
          measureStart = now;
          measureEnd = now + (long) (limits.durationSeconds() * 1e9);
          phase = MEASURE;
        }
        if (phase == MEASURE && (now >= measureEnd
            || limits.byCount() && socks.stream().mapToLong(s -> s.measuredVolatile).sum() >= limits.count())) {
          measureEnd = now;
          phase = DRAIN;
          break;
        }
        progress.tick(phase == WARMUP ? "warm-up" : "measure", (now - t0) / 1e9, replies::sum, errors::sum);
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
  private BenchReport runOpen(List<Sock> socks, BenchProgress progress) throws Exception {
    OpenLoop loop = OpenLoop.startingNow(options.rate(), options.limits());
    for (int i = 0; i < socks.size(); i++) {
      Sock s = socks.get(i);
      Pacer pacer = loop.pacer(socks.size(), i, options.window());
      s.context.runOnContext(v -> s.startOpen(pacer));
    }
    long now;
    while ((now = System.nanoTime()) < loop.measureEnd()) {
      if (phase == WARMUP && now >= loop.measureStart()) {
        phase = MEASURE;
      }
      progress.tick(phase == WARMUP ? "warm-up" : "measure", (now - loop.start()) / 1e9, replies::sum, errors::sum);
      TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(50, (loop.measureEnd() - now) / 1_000_000)));
    }
    phase = MEASURE;
    long drainEnd = System.nanoTime() + (long) (options.limits().timeoutSeconds() * 1e9);
    while (System.nanoTime() < drainEnd && socks.stream().anyMatch(s -> !s.openDone)) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    phase = DRAIN;
    progress.done();
    return report(socks, loop.seconds(), loop);
  }

  private BenchReport report(List<Sock> socks, double seconds, OpenLoop loop) throws Exception {
    Histogram all = BenchReport.newHistogram();
    Histogram lag = BenchReport.newHistogram();
    long count = 0;
    long wrong = 0;
    long lost = 0;
    long late = 0;
    long sendFailed = 0;
    for (Sock s : socks) {
      Promise<Sock> p = Promise.promise();
      s.context.runOnContext(v -> {
        s.lostMeasured += s.inflight.size();
        s.inflight.clear();
        s.closing = true;
        s.vertx.cancelTimer(s.timer);
        s.vertx.cancelTimer(s.tickTimer);
        s.socket.close();
        p.complete(s);
      });
      Sock done = p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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

  /** One client socket, confined to its event loop. */
  private final class Sock {
    final Vertx vertx;
    final Context context;
    final DatagramSocket socket;
    final Histogram histogram = BenchReport.newHistogram();
    /** Datagrams in flight by sequence number, in send order. */
    final LinkedHashMap<Long, Flight> inflight = new LinkedHashMap<>();
    final long base;
    long nextSeq;
    long timer;
    long tickTimer = -1;
    boolean closing;
    long measured;
    volatile long measuredVolatile;
    volatile int inflightVolatile;
    long wrong;
    long lostMeasured;
    long late;
    long sendFailed;
    Pacer pacer;
    volatile boolean openDone;

    Sock(Vertx vertx, Context context, long base) {
      this.vertx = vertx;
      this.context = context;
      this.base = base;
      this.nextSeq = base;
      // Replies of any size are read whole (64 KiB read buffer) and the kernel queue holds a full
      // window (1 MiB asked): the load generator must not be the one that drops replies.
      this.socket = vertx.createDatagramSocket(socketOptions());
      BenchInternals.enlargeReceiveQueue(socket, BenchInternals.RECEIVE_QUEUE_BYTES);
      socket.handler(this::onPacket);
      socket.exceptionHandler(err -> {
        sendFailed++;
        errors.increment();
      });
    }

    void start() {
      for (int i = 0; i < options.window(); i++) {
        send(System.nanoTime());
      }
      long period = Math.max(5, options.lossMillis() / 4);
      timer = vertx.setPeriodic(period, id -> sweep());
    }

    /** Open loop: sends what is due, then sleeps until the next datagram is (or a reply or loss frees a slot). */
    void startOpen(Pacer pacer) {
      this.pacer = pacer;
      long period = Math.max(5, options.lossMillis() / 4);
      timer = vertx.setPeriodic(period, id -> sweep());
      tick();
    }

    private void tick() {
      tickTimer = -1;
      if (closing) {
        return;
      }
      long now = System.nanoTime();
      for (int n = pacer.due(now, inflight.size()); n > 0; n--) {
        sendAt(pacer.next(now), now);
      }
      if (pacer.finished()) {
        openDone = inflight.isEmpty();
      } else if (!pacer.blocked(now, inflight.size())) {
        tickTimer = vertx.setTimer(pacer.delayMillis(now), id -> tick());
      }
    }

    /** After a reply or a loss freed a slot: an open loop blocked at the most in flight sends again. */
    private void freed() {
      if (pacer.finished()) {
        openDone = inflight.isEmpty();
      } else if (tickTimer < 0) {
        tick();
      }
    }

    private void send(long now) {
      if (phase == DRAIN || closing) {
        return;
      }
      sendAt(now, now);
    }

    private void sendAt(long from, long now) {
      long seq = nextSeq++;
      inflight.put(seq, new Flight(from, now));
      inflightVolatile = inflight.size();
      socket.send(Buffer.buffer(message(seq, options.size())), options.target().port(), options.target().host())
          .onFailure(err -> {
            if (!closing) {
              sendFailed++;
              errors.increment();
            }
          });
    }

    private void onPacket(DatagramPacket packet) {
      long now = System.nanoTime();
      byte[] b = packet.data().getBytes();
      int size = options.size();
      if (b.length > size && b.length % size == 0) {
        for (int from = 0; from < b.length; from += size) {
          reply(b, from, now);
        }
      } else {
        reply(b, 0, now);
      }
    }

    private void reply(byte[] b, int from, long now) {
      int size = options.size();
      long seq = b.length - from >= HEADER ? sequence(b, from) : -1;
      Flight sent = seq < 0 ? null : inflight.remove(seq);
      boolean misplaced = false;
      if (sent == null) {
        // Not a reply to a datagram in flight by its first bytes. A server that answers something
        // else (greet's "Hello, <msg>!", a banner, "OK") is answering wrongly, not late: find the
        // datagram the reply carries, else charge it to the oldest one in flight.
        if (seq >= base && seq < nextSeq) {
          // one of ours, no longer in flight: its reply came after it was counted lost
          if (phase == MEASURE) {
            late++;
            errors.increment();
          }
          return;
        }
        long inside = carried(b, from);
        if (inside < 0 && !inflight.isEmpty()) {
          inside = inflight.keySet().iterator().next();
        }
        if (inside < 0) {
          wrong++;
          errors.increment();
          return;
        }
        seq = inside;
        sent = inflight.remove(seq);
        misplaced = true;
      }
      inflightVolatile = inflight.size();
      replies.increment();
      byte[] expected = options.expect().reply(message(seq, size));
      boolean ok = !misplaced && b.length - from >= size && Arrays.equals(expected, 0, size, b, from, from + size)
          && (b.length - from == size || b.length % size == 0);
      if (!ok) {
        wrong++;
        errors.increment();
      }
      if (pacer != null) {
        pacer.reply(sent.from(), now);
        freed();
        return;
      }
      if (phase == MEASURE) {
        measured++;
        measuredVolatile = measured;
        histogram.recordValue(Math.min(Math.max(1, now - sent.from()), BenchReport.MAX_TRACKABLE_NANOS));
      }
      send(now);
    }

    /** The sequence number of a datagram in flight that {@code b} carries after {@code from}, or -1. */
    private long carried(byte[] b, int from) {
      for (int i = from + 1; i + HEADER <= b.length; i++) {
        long seq = sequence(b, i);
        if (seq >= 0 && inflight.containsKey(seq)) {
          return seq;
        }
      }
      return -1;
    }

    private void sweep() {
      long now = System.nanoTime();
      long expiry = now - options.lossMillis() * 1_000_000L;
      int replaced = 0;
      Iterator<Map.Entry<Long, Flight>> it = inflight.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Flight> e = it.next();
        if (e.getValue().sent() > expiry) {
          break;
        }
        it.remove();
        if (phase == MEASURE) {
          lostMeasured++;
        }
        replaced++;
      }
      inflightVolatile = inflight.size();
      if (pacer != null) {
        freed();
        return;
      }
      for (int i = 0; i < replaced; i++) {
        send(now);
      }
    }
  }

  /** A datagram in flight: the time its latency runs from (intended send time in an open loop) and when it left. */
  private record Flight(long from, long sent) {
  }
}
