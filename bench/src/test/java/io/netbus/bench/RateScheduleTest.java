package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

  private static final long START = 1_000_000_000L;

  @Test
  void oneSenderSendsEveryIntervalFromItsStart() {
    RateSchedule s = new RateSchedule(1000, 1, 0, START);
    assertThat(s.intended(0)).isEqualTo(START);
    assertThat(s.intended(1)).isEqualTo(START + 1_000_000);
    assertThat(s.intended(999)).isEqualTo(START + 999_000_000);
    assertThat(s.senderRate()).isEqualTo(1000);
  }

  @Test
  void sendersArePhaseShiftedSoTogetherTheySendEvenly() {
    int senders = 7;
    double rate = 7000;
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      RateSchedule s = new RateSchedule(rate, senders, i, START);
      for (int k = 0; k < 100; k++) {
        all.add(s.intended(k));
      }
    }
    Collections.sort(all);
    for (int n = 1; n < all.size(); n++) {
      // one message every 1/7000 s = 142,857 ns, give or take the rounding to whole nanoseconds
      assertThat(all.get(n) - all.get(n - 1)).as("gap %d", n).isBetween(142_856L, 142_858L);
    }
  }

  @Test
  void timesDoNotDriftOverAnHour() {
    RateSchedule s = new RateSchedule(3, 1, 0, START);
    long hour = 3 * 3600L;
    assertThat(s.intended(hour)).isEqualTo(START + 3600_000_000_000L);
    RateSchedule odd = new RateSchedule(20_000, 1000, 999, START);
    // message k of sender 999 of 1000 at 20,000/s total: (999 + k * 1000) / 20,000 s
    assertThat(odd.intended(72_000)).isEqualTo(START + Math.round((999 + 72_000.0 * 1000) * 1e9 / 20_000));
  }

  @Test
  void dueByCountsTheMessagesWhoseTimeHasCome() {
    RateSchedule s = new RateSchedule(1000, 4, 2, START);
    // sender 2 of 4 at 1000/s: 250/s, first at +2 ms, then every 4 ms
    assertThat(s.dueBy(START)).isZero();
    assertThat(s.dueBy(START + 1_999_999)).isZero();
    assertThat(s.dueBy(START + 2_000_000)).isEqualTo(1);
    assertThat(s.dueBy(START + 5_999_999)).isEqualTo(1);
    assertThat(s.dueBy(START + 6_000_000)).isEqualTo(2);
    assertThat(s.dueBy(START + 1_000_000_000)).isEqualTo(250);
    assertThat(s.countBefore(START + 6_000_000)).isEqualTo(1);
    for (long t = START - 5_000_000; t < START + 50_000_000; t += 333_333) {
      long due = s.dueBy(t);
      assertThat(due == 0 || s.intended(due - 1) <= t).as("at %d", t).isTrue();
      assertThat(s.intended(due)).as("at %d", t).isGreaterThan(t);
    }
  }

  @Test
  void badRatesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> RateSchedule.checkRate(0)).hasMessageStartingWith("--rate: 0.0 is not above 0");
    assertThatThrownBy(() -> RateSchedule.checkRate(-5)).hasMessageStartingWith("--rate:");
    assertThatThrownBy(() -> RateSchedule.checkRate(Double.NaN)).hasMessageStartingWith("--rate:");
    assertThatThrownBy(() -> RateSchedule.checkRate(2e7)).hasMessageStartingWith("--rate:");
  }

  @Test
  void aCountDoesNotGoWithARate() {
    assertThatThrownBy(() -> OpenLoop.startingNow(100, new Limits(0, 1, 10, 1)))
        .hasMessageStartingWith("--count: not with --rate");
    assertThatThrownBy(() -> new TcpBench.Options(new Target("127.0.0.1", 1), 1, 1, 1, BenchFraming.LINE, Expect.ECHO,
        new Limits(0, 1, 10, 1), 1, 100, ClientTransport.PLAIN)).hasMessageStartingWith("--count: not with --rate");
    assertThatThrownBy(() -> new UdpBench.Options(new Target("127.0.0.1", 1), 1, 1, 16, Expect.ECHO,
        new Limits(0, 1, 0, 1), 500, 1, -1)).hasMessageStartingWith("--rate:");
  }
}
