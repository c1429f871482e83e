package io.netbus.bench;

import java.time.Duration;

/**
 * How long and how much a run measures: a warm-up, then a duration or a count of replies (the
 * count still bounded by {@link #maxSeconds()}), then a drain of at most {@code timeout} for the
 * replies still in flight. Every bench is bounded in time and count.
 */
public record Limits(double warmupSeconds, double durationSeconds, long count, double timeoutSeconds) {

  public static final double MAX_SECONDS = 3600;
  public static final long MAX_COUNT = 10_000_000_000L;

  public Limits {
    if (warmupSeconds < 0 || warmupSeconds > MAX_SECONDS) {
      throw new IllegalArgumentException("--warmup: " + warmupSeconds + " is not 0-" + (long) MAX_SECONDS + " seconds");
    }
    if (durationSeconds <= 0 || durationSeconds > MAX_SECONDS) {
      throw new IllegalArgumentException("--duration: " + durationSeconds + " is not 0-" + (long) MAX_SECONDS
          + " seconds");
    }
    if (count < 0 || count > MAX_COUNT) {
      throw new IllegalArgumentException("--count: " + count + " is not 0-" + MAX_COUNT);
    }
    if (timeoutSeconds <= 0 || timeoutSeconds > 600) {
      throw new IllegalArgumentException("--timeout: " + timeoutSeconds + " is not 0-600 seconds");
    }
  }

  /** With a count, the run stops at the count or after the duration, whichever comes first. */
  public boolean byCount() {
    return count > 0;
  }

  public Duration maxSeconds() {
    return Duration.ofMillis((long) ((warmupSeconds + durationSeconds + timeoutSeconds) * 1000));
  }
}
