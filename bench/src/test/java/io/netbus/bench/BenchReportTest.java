package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  @Test
  void reportsRatesAndLatencyPercentilesInMicroseconds() {
    Histogram h = BenchReport.newHistogram();
    for (int us = 1; us <= 1000; us++) {
      h.recordValue(us * 1000L);
    }
    BenchReport report = new BenchReport("tcp", "127.0.0.1:1")
        .parameter("connections", 4)
        .measured(1000, 33_000, 2.0)
        .latency(h)
        .error("wrong", 0)
        .error("lost", 2);
    JsonObject json = report.toJson();
    assertThat(json.getDouble("rate")).isEqualTo(500.0);
    assertThat(json.getDouble("mbPerSecond")).isCloseTo(0.02, within(0.005));
    JsonObject latency = json.getJsonObject("latencyMicros");
    assertThat(latency.getDouble("p50")).isCloseTo(500, within(1.0));
    assertThat(latency.getDouble("p99")).isCloseTo(990, within(1.0));
    assertThat(latency.getDouble("p999")).isCloseTo(999, within(1.0));
    assertThat(latency.getDouble("max")).isCloseTo(1000, within(1.0));
    assertThat(latency.getLong("samples")).isEqualTo(1000);
    assertThat(json.getLong("errors")).isEqualTo(2);
    assertThat(json.getJsonObject("errorDetail").getLong("lost")).isEqualTo(2);
    assertThat(json.getJsonObject("parameters").getInteger("connections")).isEqualTo(4);

    String table = report.toTable();
    assertThat(table).contains("netbus bench tcp 127.0.0.1:1").contains("connections 4")
        .contains("500 messages/s").contains("p50 500 µs").contains("max 1.00 ms")
        .contains("errors       2 (wrong 0, lost 2)");
  }

  @Test
  void noSamplesMeansNoLatency() {
    BenchReport report = new BenchReport("udp", "x").measured(0, 0, 0).latency(BenchReport.newHistogram());
    assertThat(report.toJson().containsKey("latencyMicros")).isFalse();
    assertThat(report.rate()).isZero();
    assertThat(report.toTable()).doesNotContain("latency");
  }

  @Test
  void shortLatencyFigures() {
    assertThat(BenchReport.micros(812)).isEqualTo("812 µs");
    assertThat(BenchReport.micros(1930)).isEqualTo("1.93 ms");
    assertThat(BenchReport.micros(12_400)).isEqualTo("12.4 ms");
    assertThat(BenchReport.micros(1_200_000)).isEqualTo("1.20 s");
  }
}
