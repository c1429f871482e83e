package io.netbus.bench;

import org.HdrHistogram.Histogram;

/**
 * Open-loop bookkeeping of one sender (a connection, a socket): which scheduled messages are due,
 * and latencies corrected for coordinated omission. A message's latency runs from its
 * <em>intended</em> send time on the {@link RateSchedule} to the arrival of its reply, so a send
 * that leaves late (the client's timer fired late, the connection's write queue was full, the most
 * in flight was reached while the server stalled) is still charged from when it should have left,
 * as a user arriving at that moment would see it. This is wrk2's correction; HdrHistogram's
 * {@code recordValueWithExpectedInterval} back-fills estimated samples for a closed-loop sender
 * instead, and applied here on top it would count a stall twice.
 *
 * <p>Messages intended inside the measured window {@code [measureStart, measureEnd)} are measured;
 * none is scheduled at or after {@code measureEnd}. How late each send left against its schedule
 * is kept too ({@link #lag()}): it is the client's own share of every latency.
 *
 * <p>Not thread-safe: one pacer per sender, used on that sender's event loop.
 */
public final class Pacer {

  private final RateSchedule schedule;
  private final long measureStart;
  private final long measureEnd;
  private final int maxInFlight;
  private final long last;
  private final Histogram latency = BenchReport.newHistogram();
  private final Histogram lag = BenchReport.newHistogram();
  private long sent;
  private long measured;
  private long inWindow;
  private long failed;

  public Pacer(RateSchedule schedule, long measureStart, long measureEnd, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight: " + maxInFlight);
    }
    this.schedule = schedule;
    this.measureStart = measureStart;
    this.measureEnd = measureEnd;
    this.maxInFlight = maxInFlight;
    this.last = schedule.countBefore(measureEnd);
  }

  /** How many messages to send now: those due by {@code now}, as far as {@code inFlight} leaves room. */
  public int due(long now, int inFlight) {
    long due = Math.min(schedule.dueBy(now), last) - sent;
    return (int) Math.max(0, Math.min(due, maxInFlight - inFlight));
  }

  /** The next message leaves at {@code now}: returns its intended send time (to time its reply from). */
  public long next(long now) {
    long intended = schedule.intended(sent++);
    if (intended >= measureStart) {
      lag.recordValue(clamp(now - intended));
    }
    return intended;
  }

  /** The reply to the message intended at {@code intended} arrived at {@code now}. */
  public void reply(long intended, long now) {
    if (intended >= measureStart && intended < measureEnd) {
      measured++;
      latency.recordValue(clamp(now - intended));
    }
    if (now >= measureStart && now < measureEnd) {
      inWindow++;
    }
  }

  /** The message intended at {@code intended} failed (the peer said so): settled, no latency; true if it was measured. */
  public boolean failed(long intended) {
    if (intended >= measureStart && intended < measureEnd) {
      failed++;
      return true;
    }
    return false;
  }

  /** Every message of the schedule has left. */
  public boolean finished() {
    return sent >= last;
  }

  /** Messages due but held back because {@code inFlight} reached the most in flight: wait for a reply, not a timer. */
  public boolean blocked(long now, int inFlight) {
    return inFlight >= maxInFlight && Math.min(schedule.dueBy(now), last) > sent;
  }

  /** Milliseconds to wait (at least 1, Vert.x's timer unit) until the next message is due. */
  public long delayMillis(long now) {
    long wait = schedule.intended(sent) - now;
    return Math.max(1, (wait + 999_999) / 1_000_000);
  }

  /** Messages of the measured window neither answered nor failed by now: not sent, or sent and unanswered. */
  public long unanswered() {
    return Math.max(0, last - schedule.countBefore(measureStart) - measured - failed);
  }

  public Histogram latency() {
    return latency;
  }

  public Histogram lag() {
    return lag;
  }

  /** Replies whose intended send time was inside the window. */
  public long measured() {
    return measured;
  }

  /** Replies that arrived inside the window, whenever they were sent: the achieved rate's count. */
  public long inWindow() {
    return inWindow;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  private static long clamp(long nanos) {
    return Math.min(Math.max(1, nanos), BenchReport.MAX_TRACKABLE_NANOS);
  }
}
