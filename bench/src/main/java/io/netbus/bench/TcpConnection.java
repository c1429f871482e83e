package io.netbus.bench;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the TCP bench, confined to its event loop: writes messages (all at once to
 * the depth in a closed loop, on the {@link Pacer}'s schedule in an open one), feeds the replies
 * to its {@link ReplyVerifier} and times each. {@code sendTimes} is a ring of the times the
 * messages in flight are timed from (in order, as TCP replies come back in order): when each was
 * written (closed loop) or when it was meant to leave (open loop).
 */
final class TcpConnection implements ReplyVerifier.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

  private final TcpLoad load;
  final NetSocket socket;
  final Context context;
  final int index;
  final ReplyVerifier verifier;
  final long[] sendTimes;
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

  TcpConnection(TcpLoad load, NetSocket socket, Context context, int index) {
    this.load = load;
    this.sendTimes = new long[load.options.depth()];
    this.socket = socket;
    this.context = context;
    this.index = index;
    this.next = (index * 7) % load.payloads.count();
    this.verifier = load.options.framing().verifier(this, Math.max(65536, load.options.size() * 2));
    socket.handler(this::onData);
    socket.exceptionHandler(this::onError);
    socket.closeHandler(v -> onClosed());
  }

  void start() {
    now = System.nanoTime();
    out = Buffer.buffer(load.wireSize * load.options.depth());
    for (int i = 0; i < load.options.depth(); i++) {
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
      out = Buffer.buffer(load.wireSize * 4);
    }
    load.options.framing().append(out, load.payloads.message(next));
    verifier.expect(load.payloads.reply(next));
    next = next + 1 == load.payloads.count() ? 0 : next + 1;
    sendTimes[(head + queued) % sendTimes.length] = intended;
    queued++;
    inflight = queued;
  }

  private void onData(Buffer chunk) {
    now = System.nanoTime();
    load.peer.received(chunk);
    verifier.feed(chunk);
    flush();
  }

  private void send() {
    int p = load.phase;
    if (p == TcpLoad.DRAIN || dead) {
      return;
    }
    if (load.options.limits().byCount() && p == TcpLoad.MEASURE && load.sendPermits.getAndDecrement() <= 0) {
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
    load.replies.increment();
    if (!ok) {
      wrong++;
      load.errors.increment();
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
    if (load.phase == TcpLoad.MEASURE) {
      measured++;
      histogram.recordValue(Math.min(Math.max(1, now - sent), BenchReport.MAX_TRACKABLE_NANOS));
      if (load.options.limits().byCount() && load.toMeasure.decrementAndGet() == 0) {
        load.measureEnd = now;
        load.phase = TcpLoad.DRAIN;
      }
    }
    send();
  }

  @Override
  public void onUnexpected() {
    unexpected++;
    load.errors.increment();
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
    if (!closing && load.phase != TcpLoad.DRAIN) {
      fail(PeerCheck.CLOSED);
    }
    dead = true;
  }

  private void fail(String problem) {
    if (failure == null && !closing) {
      failure = problem;
      load.errors.increment();
      // the first failure once replies came; before any reply PeerCheck says it in one line
      if (load.peer.failed(problem) && load.replies.sum() > 0) {
        LOG.warn("bench connection failed: {}", problem);
      } else {
        LOG.debug("bench connection failed: {}", problem);
      }
    }
    dead = true;
  }
}
