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
 */
public final class UdpBench {

  static final int HEADER = 16;

  /** Read buffer of every client socket: a reply of any size up to 64 KiB is read whole. */
  static final int READ_BUFFER = 65536;

  public record Options(Target target, int sockets, int window, int size, Expect expect, Limits limits,
      int lossMillis, int threads) {

    public Options {
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
      return report(socks, (measureEnd - measureStart) / 1e9);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private BenchReport report(List<Sock> socks, double seconds) throws Exception {
    Histogram all = BenchReport.newHistogram();
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
        s.socket.close();
        p.complete(s);
      });
      Sock done = p.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      all.add(done.histogram);
      count += done.measured;
      wrong += done.wrong;
      lost += done.lostMeasured;
      late += done.late;
      sendFailed += done.sendFailed;
    }
    return new BenchReport("udp", options.target().toString())
        .unit("datagrams")
        .parameter("size", options.size())
        .parameter("sockets", options.sockets())
        .parameter("window", options.window())
        .parameter("expect", options.expect().name().toLowerCase())
        .parameter("lossAfterMs", options.lossMillis())
        .measured(count, count * options.size(), seconds)
        .latency(all)
        .error("wrong", wrong)
        .error("late", late)
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
    final LinkedHashMap<Long, Long> inflight = new LinkedHashMap<>();
    final long base;
    long nextSeq;
    long timer;
    boolean closing;
    long measured;
    volatile long measuredVolatile;
    volatile int inflightVolatile;
    long wrong;
    long lostMeasured;
    long late;
    long sendFailed;

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

    private void send(long now) {
      if (phase == DRAIN || closing) {
        return;
      }
      long seq = nextSeq++;
      inflight.put(seq, now);
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
      Long sent = seq < 0 ? null : inflight.remove(seq);
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
      if (phase == MEASURE) {
        measured++;
        measuredVolatile = measured;
        histogram.recordValue(Math.min(Math.max(1, now - sent), BenchReport.MAX_TRACKABLE_NANOS));
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
      Iterator<Map.Entry<Long, Long>> it = inflight.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Long> e = it.next();
        if (e.getValue() > expiry) {
          break;
        }
        it.remove();
        if (phase == MEASURE) {
          lostMeasured++;
        }
        replaced++;
      }
      inflightVolatile = inflight.size();
      for (int i = 0; i < replaced; i++) {
        send(now);
      }
    }
  }
}
