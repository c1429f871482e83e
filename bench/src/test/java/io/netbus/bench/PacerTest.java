package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The coordinated-omission correction on a simulated clock: one sender at 1,000 msg/s on a
 * 1 ms timer, at most 16 in flight, against a FIFO server answering in 100 µs that stalls once
 * for a second. Latencies timed from the intended send time show the stall; timed from the
 * actual write (what a sender held back by the stall would see) they hide it.
 */
class PacerTest {

  private static final long MS = 1_000_000L;
  private static final long STEP = 100_000L;

  /** Runs 3 s (1 s warm-up, 2 s measured); the server stalls from {@code stallFrom} for {@code stallFor}. */
  private static Result simulate(long stallFrom, long stallFor) {
    long start = 0;
    OpenLoop loop = new OpenLoop(1000, start, 1000 * MS, 3000 * MS);
    Pacer pacer = loop.pacer(1, 0, 16);
    ArrayDeque<long[]> server = new ArrayDeque<>(); // {intended, written}
    Histogram uncorrected = BenchReport.newHistogram();
    long busyUntil = 0;
    for (long t = 0; t < 4000 * MS; t += STEP) {
      if (t % MS == 0) {
        for (int n = pacer.due(t, server.size()); n > 0; n--) {
          server.add(new long[] {pacer.next(t), t});
        }
      }
      boolean stalled = t >= stallFrom && t < stallFrom + stallFor;
      if (!stalled && !server.isEmpty() && busyUntil <= t) {
        long[] m = server.poll();
        long done = t + STEP;
        busyUntil = done;
        pacer.reply(m[0], done);
        if (m[0] >= loop.measureStart()) {
          uncorrected.recordValue(done - m[1]);
        }
      }
    }
    return new Result(pacer, uncorrected);
  }

  private record Result(Pacer pacer, Histogram uncorrected) {
  }

  @Test
  void aSteadyServerShowsItsServiceTime() {
    Result r = simulate(Long.MAX_VALUE / 2, 0);
    assertThat(r.pacer().measured()).isEqualTo(2000);
    assertThat(r.pacer().unanswered()).isZero();
    assertThat(r.pacer().latency().getValueAtPercentile(99)).isLessThanOrEqualTo(200_000);
    assertThat(r.pacer().lag().getMaxValue()).isLessThan(1000);
    assertThat(r.pacer().inWindow()).isBetween(1999L, 2001L);
  }

  @Test
  void aOneSecondStallAt1000PerSecondShowsInTheCorrectedTail() {
    Result r = simulate(1500 * MS, 1000 * MS);
    Histogram corrected = r.pacer().latency();
    assertThat(r.pacer().measured()).isEqualTo(2000);
    // half the measured messages were meant to leave during the stall: waits from 1 s down to 0
    assertThat(corrected.getValueAtPercentile(99)).isGreaterThanOrEqualTo(500 * MS);
    assertThat(corrected.getValueAtPercentile(90)).isGreaterThanOrEqualTo(500 * MS);
    assertThat(corrected.getMaxValue()).isGreaterThanOrEqualTo(990 * MS);
    // the sends held back by the most in flight left late, and say so
    assertThat(r.pacer().lag().getMaxValue()).isGreaterThanOrEqualTo(900 * MS);
    // timed from the actual write, the same run looks healthy: that is coordinated omission
    assertThat(r.uncorrected().getValueAtPercentile(99)).isLessThan(50 * MS);
  }

  @Test
  void nothingIsScheduledAfterTheWindowAndTheRestIsUnanswered() {
    OpenLoop loop = new OpenLoop(1000, 0, 0, 10 * MS);
    Pacer pacer = loop.pacer(1, 0, 100);
    assertThat(pacer.due(50 * MS, 0)).isEqualTo(10);
    assertThat(pacer.due(50 * MS, 95)).isEqualTo(5);
    for (int i = 0; i < 10; i++) {
      pacer.next(50 * MS);
    }
    assertThat(pacer.finished()).isTrue();
    assertThat(pacer.due(100 * MS, 0)).isZero();
    assertThat(pacer.lag().getMaxValue()).isGreaterThanOrEqualTo(49 * MS);
    pacer.reply(3 * MS, 51 * MS);
    pacer.failed(4 * MS);
    assertThat(pacer.unanswered()).isEqualTo(8);
    assertThat(pacer.latency().getMaxValue()).isGreaterThanOrEqualTo(48 * MS);
  }

  @Test
  void aBlockedSenderWaitsForAReplyNotATimer() {
    OpenLoop loop = new OpenLoop(1000, 0, 0, 1000 * MS);
    Pacer pacer = loop.pacer(1, 0, 2);
    assertThat(pacer.due(5 * MS, 0)).isEqualTo(2);
    pacer.next(5 * MS);
    pacer.next(5 * MS);
    assertThat(pacer.blocked(5 * MS, 2)).isTrue();
    assertThat(pacer.blocked(5 * MS, 1)).isFalse();
    assertThat(pacer.delayMillis(5 * MS)).isEqualTo(1);
    assertThat(pacer.delayMillis(0)).isEqualTo(2);
  }
}
