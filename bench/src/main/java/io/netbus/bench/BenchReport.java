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
  private Histogram lag;

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

  /**
   * An open-loop run at {@code rate} messages/s in total, at most {@code maxInFlight} per sender;
   * {@code lag} is how late each send left against its schedule (the client's own share of the
   * latencies, which are timed from the schedule).
   */
  public BenchReport openLoop(double rate, int maxInFlight, Histogram lag) {
    parameters.put("loop", "open");
    parameters.put("rate", rate);
    parameters.put("maxInFlight", maxInFlight);
    this.lag = lag;
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

  /** The rate asked for in an open-loop run (messages/s), or 0 for a closed loop. */
  public double requestedRate() {
    return parameters.get("rate") instanceof Number n ? n.doubleValue() : 0;
  }

  private static JsonObject percentiles(Histogram h) {
    return new JsonObject()
        .put("samples", h.getTotalCount())
        .put("p50", round(h.getValueAtPercentile(50) / 1000.0, 1))
        .put("p90", round(h.getValueAtPercentile(90) / 1000.0, 1))
        .put("p99", round(h.getValueAtPercentile(99) / 1000.0, 1))
        .put("p999", round(h.getValueAtPercentile(99.9) / 1000.0, 1))
        .put("max", round(h.getMaxValue() / 1000.0, 1))
        .put("mean", round(h.getMean() / 1000.0, 1));
  }

  private static String percentileLine(Histogram h) {
    return String.format(Locale.ROOT, "p50 %s   p90 %s   p99 %s   p99.9 %s   max %s",
        micros(h.getValueAtPercentile(50) / 1000.0), micros(h.getValueAtPercentile(90) / 1000.0),
        micros(h.getValueAtPercentile(99) / 1000.0), micros(h.getValueAtPercentile(99.9) / 1000.0),
        micros(h.getMaxValue() / 1000.0));
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
      json.put("latencyMicros", percentiles(latency));
    }
    if (lag != null && lag.getTotalCount() > 0) {
      json.put("sendLagMicros", percentiles(lag));
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
    if (requestedRate() > 0) {
      row(out, "asked", String.format(Locale.ROOT, "%,.0f %s/s (open loop: latency from each intended send time)",
          requestedRate(), unit));
    }
    if (latency != null && latency.getTotalCount() > 0) {
      row(out, "latency", percentileLine(latency));
    }
    if (lag != null && lag.getTotalCount() > 0) {
      row(out, "send lag", percentileLine(lag));
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
