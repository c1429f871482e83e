package io.netbus.bench;

/**
 * A fixed-rate send schedule for one sender out of {@code senders} sharing a total rate (wrk2's
 * model): sender {@code index} sends message {@code k} at
 * {@code start + (index + k * senders) / rate} seconds. The senders are phase-shifted evenly, so
 * together they send one message every {@code 1 / rate} seconds, and every time is computed from
 * {@code start} (no drift accumulates, however late a send is).
 */
public final class RateSchedule {

  /** Highest total rate accepted, messages per second. */
  public static final double MAX_RATE = 10_000_000;

  private final long start;
  private final double rate;
  private final int senders;
  private final int index;

  public RateSchedule(double rate, int senders, int index, long startNanos) {
    checkRate(rate);
    if (senders < 1 || index < 0 || index >= senders) {
      throw new IllegalArgumentException("schedule: sender " + index + " of " + senders);
    }
    this.rate = rate;
    this.senders = senders;
    this.index = index;
    this.start = startNanos;
  }

  /** Refuses a rate that is not above 0 and at most {@link #MAX_RATE}, naming the option. */
  public static double checkRate(double rate) {
    if (!(rate > 0) || rate > MAX_RATE) {
      throw new IllegalArgumentException("--rate: " + rate + " is not above 0 and at most " + (long) MAX_RATE
          + " messages/s");
    }
    return rate;
  }

  /** When message {@code k} (from 0) of this sender is meant to leave, in {@link System#nanoTime()} units. */
  public long intended(long k) {
    return start + Math.round((index + (double) k * senders) * 1e9 / rate);
  }

  /** How many of this sender's messages are meant to have left by {@code now} (intended time at or before it). */
  public long dueBy(long now) {
    if (now < intended(0)) {
      return 0;
    }
    long k = Math.max(1, (long) Math.floor(((now - start) * rate / 1e9 - index) / senders) + 1);
    while (k > 0 && intended(k - 1) > now) {
      k--;
    }
    while (intended(k) <= now) {
      k++;
    }
    return k;
  }

  /** How many of this sender's messages are meant to leave before {@code end} (intended time strictly before it). */
  public long countBefore(long end) {
    return dueBy(end - 1);
  }

  /** This sender's own rate, messages per second. */
  public double senderRate() {
    return rate / senders;
  }
}
