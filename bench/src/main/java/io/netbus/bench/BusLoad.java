package io.netbus.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Drives the bus bench on one event loop: keeps at most {@code window} messages in flight through
 * a {@link BusSender}, checks every reply or delivery (its {@code seq} and text), times it and
 * counts what fails. Closed loop: the next message leaves as one comes back. Open loop: a
 * {@link Pacer} says when messages are due. The run thread reads the volatile fields only.
 */
final class BusLoad {

  static final int WARMUP = 0;
  static final int MEASURE = 1;
  static final int DRAIN = 2;

  private final BusBench.Options options;
  private final Vertx vertx;
  private final String payload;
  private final Map<Long, Long> inflight = new HashMap<>();
  final LongAdder done = new LongAdder();
  final LongAdder errors = new LongAdder();
  final Histogram histogram = BenchReport.newHistogram();
  volatile int phase = WARMUP;
  volatile long measured;
  volatile boolean broken;
  volatile int inflightCount;
  volatile boolean openDone;
  /** Why the run broke (the first cause), or null. */
  volatile String failure;
  String firstFailure;
  long wrong;
  long failed;
  private long seq;
  private BusSender sender;
  Pacer pacer;
  private long tickTimer = -1;

  /** What the bridge sent first: a peer that is not a bridge is named by it. */
  final PeerCheck peer;

  BusLoad(BusBench.Options options, Vertx vertx) {
    this.options = options;
    this.vertx = vertx;
    this.peer = new PeerCheck(options.bridge());
    this.payload = new String(Payloads.message(0, options.size()), StandardCharsets.US_ASCII);
  }

  void sender(BusSender sender) {
    this.sender = sender;
  }

  /** Messages in flight now (on the event loop). */
  int inflight() {
    return inflight.size();
  }

  /** Closes the sender and stops the open loop's timer (on the event loop). */
  void stop() {
    vertx.cancelTimer(tickTimer);
    if (sender != null) {
      sender.close();
    }
  }

  /** Closed loop: tops the window up. */
  void fill() {
    while (phase != DRAIN && !broken && inflight.size() < options.window()) {
      sendOne(System.nanoTime());
    }
  }

  /** Open loop: sends what is due, then sleeps until the next message is (or a reply frees a slot). */
  void tick() {
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

  /** Sends one message, its latency timed from {@code from} (now in a closed loop, its schedule in an open one). */
  private void sendOne(long from) {
    long id = seq++;
    inflight.put(id, from);
    inflightCount = inflight.size();
    JsonObject body = new JsonObject().put("seq", id).put("sent", from).put("text", payload);
    if ("request".equals(options.pattern())) {
      sender.request(id, body);
    } else {
      sender.publish(body);
    }
  }

  /** A reply (request pattern) or a delivery (publish pattern) came back. */
  void onBack(long id, JsonObject body) {
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

  /** A request failed (no handler, a timeout, the bridge's {@code err}). */
  void onFailed(long id, String message) {
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

  /** The run cannot go on (the bridge refused or sent garbage); the first cause is kept. */
  void broken(String why) {
    if (failure == null) {
      failure = why;
    }
    broken = true;
  }

  /** A bridge connection closed: a failure unless the run is over. */
  void bridgeClosed() {
    if (phase != DRAIN) {
      broken("the bridge closed the connection");
    }
  }
}
