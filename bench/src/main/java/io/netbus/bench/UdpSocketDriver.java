package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One client socket of the UDP bench, confined to its event loop: keeps its window of datagrams
 * in flight (closed loop) or sends on the {@link Pacer}'s schedule (open loop), matches each reply
 * to its datagram by the sequence number it carries, checks it, and counts a datagram unanswered
 * after the loss timeout as lost.
 */
final class UdpSocketDriver {

  private final UdpLoad load;
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

  UdpSocketDriver(UdpLoad load, Vertx vertx, Context context, long base) {
    this.load = load;
    this.vertx = vertx;
    this.context = context;
    this.base = base;
    this.nextSeq = base;
    // Replies of any size are read whole (64 KiB read buffer) and the kernel queue holds a full
    // window (1 MiB asked): the load generator must not be the one that drops load.replies.
    this.socket = vertx.createDatagramSocket(UdpBench.socketOptions());
    BenchInternals.enlargeReceiveQueue(socket, BenchInternals.RECEIVE_QUEUE_BYTES);
    socket.handler(this::onPacket);
    socket.exceptionHandler(err -> {
      sendFailed++;
      load.errors.increment();
    });
  }

  void start() {
    for (int i = 0; i < load.options.window(); i++) {
      send(System.nanoTime());
    }
    long period = Math.max(5, load.options.lossMillis() / 4);
    timer = vertx.setPeriodic(period, id -> sweep());
  }

  /** Open loop: sends what is due, then sleeps until the next datagram is (or a reply or loss frees a slot). */
  void startOpen(Pacer pacer) {
    this.pacer = pacer;
    long period = Math.max(5, load.options.lossMillis() / 4);
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
    if (load.phase == UdpLoad.DRAIN || closing) {
      return;
    }
    sendAt(now, now);
  }

  private void sendAt(long from, long now) {
    long seq = nextSeq++;
    inflight.put(seq, new Flight(from, now));
    inflightVolatile = inflight.size();
    socket.send(Buffer.buffer(UdpDatagrams.message(seq, load.options.size())), load.options.target().port(), load.options.target().host())
        .onFailure(err -> {
          if (!closing) {
            sendFailed++;
            load.errors.increment();
          }
        });
  }

  private void onPacket(DatagramPacket packet) {
    long now = System.nanoTime();
    load.peer.received(packet.data());
    byte[] b = packet.data().getBytes();
    int size = load.options.size();
    if (b.length > size && b.length % size == 0) {
      for (int from = 0; from < b.length; from += size) {
        reply(b, from, now);
      }
    } else {
      reply(b, 0, now);
    }
  }

  private void reply(byte[] b, int from, long now) {
    int size = load.options.size();
    long seq = b.length - from >= UdpDatagrams.HEADER ? UdpDatagrams.sequence(b, from) : -1;
    Flight sent = seq < 0 ? null : inflight.remove(seq);
    boolean misplaced = false;
    if (sent == null) {
      // Not a reply to a datagram in flight by its first bytes. A server that answers something
      // else (greet's "Hello, <msg>!", a banner, "OK") is answering wrongly, not late: find the
      // datagram the reply carries, else charge it to the oldest one in flight.
      if (seq >= base && seq < nextSeq) {
        // one of ours, no longer in flight: its reply came after it was counted lost
        if (load.phase == UdpLoad.MEASURE) {
          late++;
          load.errors.increment();
        }
        return;
      }
      long inside = carried(b, from);
      if (inside < 0 && !inflight.isEmpty()) {
        inside = inflight.keySet().iterator().next();
      }
      if (inside < 0) {
        wrong++;
        load.errors.increment();
        return;
      }
      seq = inside;
      sent = inflight.remove(seq);
      misplaced = true;
    }
    inflightVolatile = inflight.size();
    load.replies.increment();
    byte[] expected = load.options.expect().reply(UdpDatagrams.message(seq, size));
    boolean ok = !misplaced && b.length - from >= size && Arrays.equals(expected, 0, size, b, from, from + size)
        && (b.length - from == size || b.length % size == 0);
    if (!ok) {
      wrong++;
      load.errors.increment();
    }
    if (pacer != null) {
      pacer.reply(sent.from(), now);
      freed();
      return;
    }
    if (load.phase == UdpLoad.MEASURE) {
      measured++;
      measuredVolatile = measured;
      histogram.recordValue(Math.min(Math.max(1, now - sent.from()), BenchReport.MAX_TRACKABLE_NANOS));
    }
    send(now);
  }

  /** The sequence number of a datagram in flight that {@code b} carries after {@code from}, or -1. */
  private long carried(byte[] b, int from) {
    for (int i = from + 1; i + UdpDatagrams.HEADER <= b.length; i++) {
      long seq = UdpDatagrams.sequence(b, i);
      if (seq >= 0 && inflight.containsKey(seq)) {
        return seq;
      }
    }
    return -1;
  }

  private void sweep() {
    long now = System.nanoTime();
    long expiry = now - load.options.lossMillis() * 1_000_000L;
    int replaced = 0;
    Iterator<Map.Entry<Long, Flight>> it = inflight.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Flight> e = it.next();
      if (e.getValue().sent() > expiry) {
        break;
      }
      it.remove();
      if (load.phase == UdpLoad.MEASURE) {
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

  /** A datagram in flight: the time its latency runs from (intended send time in an open loop) and when it left. */
  private record Flight(long from, long sent) {
  }
}
