package io.netbus.bench;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one bench run: what was measured, how fast, how long a reply took, what went
 * wrong. Rendered as a human table or as JSON ({@code --json}); latencies are recorded in
 * nanoseconds and reported in microseconds.
 */
public final class BenchReport {

  /** Highest latency the histograms track (a minute), with 3 significant digits. */
  public static final long MAX_TRACKABLE_NANOS = 60_000_000_000L;

  private final String kind;
  private final String target;
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final Map<String, Long> errors = new LinkedHashMap<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private String unit = "messages";
  private long count;
  private long bytes;
  private double seconds;
  private Histogram latency;

  public BenchReport(String kind, String target) {
    this.kind = kind;
    this.target = target;
  }

  public static Histogram newHistogram() {
    return new Histogram(1, MAX_TRACKABLE_NANOS, 3);
  }

  public BenchReport parameter(String name, Object value) {
    parameters.put(name, value);
    return this;
  }

  public BenchReport unit(String unit) {
    this.unit = unit;
    return this;
  }

  /** {@code count} units (messages, datagrams, transfers) and {@code bytes} in {@code seconds}. */
  public BenchReport measured(long count, long bytes, double seconds) {
    this.count = count;
    this.bytes = bytes;
    this.seconds = seconds;
    return this;
  }

  public BenchReport latency(Histogram histogram) {
    this.latency = histogram;
    return this;
  }

  public BenchReport error(String name, long n) {
    errors.put(name, n);
    return this;
  }

  public BenchReport extra(String name, Object value) {
    extra.put(name, value);
    return this;
  }

  public long count() {
    return count;
  }

  public double seconds() {
    return seconds;
  }

  public double rate() {
    return seconds <= 0 ? 0 : count / seconds;
  }

  /** Megabytes (10^6 bytes) per second. */
  public double megabytesPerSecond() {
    return seconds <= 0 ? 0 : bytes / seconds / 1e6;
  }

  public long errorTotal() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Latency at {@code percentile} in microseconds, or -1 without samples. */
  public double latencyMicros(double percentile) {
    if (latency == null || latency.getTotalCount() == 0) {
      return -1;
    }
    return latency.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxLatencyMicros() {
    return latency == null || latency.getTotalCount() == 0 ? -1 : latency.getMaxValue() / 1000.0;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("kind", kind)
        .put("target", target)
        .put("parameters", new JsonObject(new LinkedHashMap<>(parameters)))
        .put("unit", unit)
        .put("count", count)
        .put("bytes", bytes)
        .put("seconds", round(seconds, 3))
        .put("rate", round(rate(), 1))
        .put("mbPerSecond", round(megabytesPerSecond(), 2));
    if (latency != null && latency.getTotalCount() > 0) {
      json.put("latencyMicros", new JsonObject()
          .put("samples", latency.getTotalCount())
          .put("p50", round(latencyMicros(50), 1))
          .put("p99", round(latencyMicros(99), 1))
          .put("p999", round(latencyMicros(99.9), 1))
          .put("max", round(maxLatencyMicros(), 1))
          .put("mean", round(latency.getMean() / 1000.0, 1)));
    }
    JsonObject errs = new JsonObject();
    errors.forEach(errs::put);
    json.put("errors", errorTotal()).put("errorDetail", errs);
    extra.forEach(json::put);
    return json;
  }

  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append("netbus bench ").append(kind).append(' ').append(target).append('\n');
    StringBuilder params = new StringBuilder();
    parameters.forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    out.append("  ").append(params).append('\n');
    row(out, unit, String.format(Locale.ROOT, "%,d in %.2f s", count, seconds));
    row(out, "rate", String.format(Locale.ROOT, "%,.0f %s/s", rate(), unit));
    if (bytes > 0) {
      row(out, "throughput", String.format(Locale.ROOT, "%,.1f MB/s", megabytesPerSecond()));
    }
    if (latency != null && latency.getTotalCount() > 0) {
      row(out, "latency", String.format(Locale.ROOT, "p50 %s   p99 %s   p99.9 %s   max %s",
          micros(latencyMicros(50)), micros(latencyMicros(99)), micros(latencyMicros(99.9)),
          micros(maxLatencyMicros())));
    }
    extra.forEach((k, v) -> row(out, k, String.valueOf(v)));
    StringBuilder detail = new StringBuilder();
    errors.forEach((k, v) -> detail.append(detail.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    row(out, "errors", errorTotal() + (detail.length() == 0 ? "" : " (" + detail + ")"));
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format(Locale.ROOT, "  %-12s %s%n", name, value));
  }

  /** A latency in µs as a short human figure: 812 µs, 1.93 ms, 12.4 ms, 1.20 s. */
  static String micros(double us) {
    if (us < 0) {
      return "-";
    }
    if (us < 1000) {
      return String.format(Locale.ROOT, "%.0f µs", us);
    }
    if (us < 10_000) {
      return String.format(Locale.ROOT, "%.2f ms", us / 1000);
    }
    if (us < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", us / 1000);
    }
    return String.format(Locale.ROOT, "%.2f s", us / 1_000_000);
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
