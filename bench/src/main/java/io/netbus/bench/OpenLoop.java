package io.netbus.bench;

/**
 * The time line of an open-loop run: every sender starts its {@link RateSchedule} at
 * {@code start}, messages intended in {@code [measureStart, measureEnd)} are measured, none is
 * scheduled after {@code measureEnd}. Fixed before the first send, so senders on different event
 * loops agree on it without talking to each other.
 */
public record OpenLoop(double rate, long start, long measureStart, long measureEnd) {

  /** Lead time between planning the run and its first scheduled send. */
  static final long LEAD_NANOS = 20_000_000L;

  /** The time line of a run at {@code rate} messages/s starting now: {@code limits}' warm-up, then its duration. */
  public static OpenLoop startingNow(double rate, Limits limits) {
    check(rate, limits);
    long start = System.nanoTime() + LEAD_NANOS;
    long measureStart = start + (long) (limits.warmupSeconds() * 1e9);
    return new OpenLoop(rate, start, measureStart, measureStart + (long) (limits.durationSeconds() * 1e9));
  }

  /** Refuses a rate out of range, or a rate with a count (the rate and the duration fix the count). */
  public static void check(double rate, Limits limits) {
    RateSchedule.checkRate(rate);
    if (limits.byCount()) {
      throw new IllegalArgumentException("--count: not with --rate (the rate and --duration fix the count)");
    }
  }

  /** The pacer of sender {@code index} out of {@code senders}, at most {@code maxInFlight} messages in flight. */
  public Pacer pacer(int senders, int index, int maxInFlight) {
    return new Pacer(new RateSchedule(rate, senders, index, start), measureStart, measureEnd, maxInFlight);
  }

  /** The measured window in seconds. */
  public double seconds() {
    return (measureEnd - measureStart) / 1e9;
  }
}
