package io.netbus.console;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

/**
 * Vert.x's own metrics (event bus, net and HTTP servers, JVM and process) for a node whose config
 * has a {@code metrics} section. They must be switched on when the Vert.x instance is built, so
 * the launcher calls {@link #enable} on the options it builds with; the console then finds the
 * instance's registry with {@link #registry}. Labels stay bounded: no local or remote address
 * labels, and bus addresses are cut to their prefix ({@link #busPrefix}).
 */
public final class NodeMetrics {

  /** The event-bus label Vert.x puts on its bus meters; rewritten to a bounded prefix. */
  static final String ADDRESS_TAG = Label.EB_ADDRESS.toString();
  private static final String NETBUS = "netbus.";
  private static final String VERTX_INTERNAL = "__vertx.";
  /*
   * Micrometer meters whose Prometheus names promtool rejects: abbreviated units (ms, ns) and a
   * gauge ending in _count. The CPU time comes back in seconds as process_cpu_seconds_total.
   */
  private static final String JIT_TIME_MS = "jvm.compilation.time";
  private static final String CPU_TIME_NS = "process.cpu.time";
  private static final String CPU_COUNT = "system.cpu.count";
  private static final String CPU_COUNT_RENAMED = "system.cpus";

  private NodeMetrics() {
  }

  /**
   * Turns metrics on in {@code options} and returns the factory to build Vert.x with
   * ({@code Vertx.builder().with(options).withMetrics(factory)}). Each call makes a registry of
   * its own, so two nodes in one JVM (tests) never mix their meters.
   */
  public static VertxMetricsFactory enable(VertxOptions options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(MeterFilter.denyNameStartsWith(JIT_TIME_MS))
        .meterFilter(MeterFilter.denyNameStartsWith(CPU_TIME_NS))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            Meter.Id named = CPU_COUNT.equals(id.getName()) ? id.withName(CPU_COUNT_RENAMED) : id;
            String address = named.getTag(ADDRESS_TAG);
            // Tags.and: a tag of the same key replaces the old value.
            return address == null ? named : named.withTag(Tag.of(ADDRESS_TAG, busPrefix(address)));
          }
        });
    processCpu(registry);
    EnumSet<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.add(Label.EB_ADDRESS);
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(labels)
        .setRegistryName("netbus-" + UUID.randomUUID())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return new MicrometerMetricsFactory(registry);
  }

  private static void processCpu(MeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time used by the JVM process").register(registry);
    }
  }

  /** The Prometheus registry {@code vertx} was built with by {@link #enable}, if it was. */
  public static Optional<PrometheusMeterRegistry> registry(Vertx vertx) {
    MeterRegistry registry = VertxInternals.meterRegistry(vertx);
    return registry instanceof PrometheusMeterRegistry p ? Optional.of(p) : Optional.empty();
  }

  /**
   * The part of a bus address that names its owner: {@code netbus.tcp.chat.in} and
   * {@code netbus.tcp.chat.42.out} are both {@code netbus.tcp.chat}; replies are
   * {@code __vertx.reply}; anything outside netbus is {@code other}. Addresses made up by
   * clients (through the bridge) cannot grow the number of series.
   */
  static String busPrefix(String address) {
    if (address.startsWith(NETBUS)) {
      int first = address.indexOf('.', NETBUS.length());
      int second = first < 0 ? -1 : address.indexOf('.', first + 1);
      return second < 0 ? address : address.substring(0, second);
    }
    if (address.startsWith(VERTX_INTERNAL)) {
      int next = address.indexOf('.', VERTX_INTERNAL.length());
      return next < 0 ? address : address.substring(0, next);
    }
    return "other";
  }
}
