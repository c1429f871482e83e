package io.netbus.console;

import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * netbus's own meters over the node's {@link NodeStats}: per listener (labels {@code kind} and
 * {@code listener}) open connections, accepted and refused connections, messages and bytes each
 * way (a forward listener's bytes: in = client to target, out = target to client), errors, forwards
 * that failed; file transfers in progress, ended and their bytes; cluster members. The meters
 * read the live counters when scraped, so the hot paths pay nothing for them. Listeners come and
 * go at run time: {@link #refresh} (called before every scrape) adds and removes their meters.
 * Used from the console verticle's event loop only.
 */
final class NetbusMeters {

  static final String KIND = "kind";
  static final String LISTENER = "listener";

  private final MeterRegistry registry;
  private final NodeStats stats;
  private final Map<ListenerStats, List<Meter>> bound = new IdentityHashMap<>();
  private final List<Meter> node = new ArrayList<>();

  NetbusMeters(MeterRegistry registry, NodeStats stats, IntSupplier clusterMembers) {
    this.registry = registry;
    this.stats = stats;
    node.add(Gauge.builder("netbus.cluster.members", clusterMembers::getAsInt)
        .description("Members of the cluster this node is in (0 when standalone)").register(registry));
    node.add(Gauge.builder("netbus.file.transfers.active", stats, s -> s.transfers().size())
        .description("File transfers in progress").register(registry));
    node.add(FunctionCounter.builder("netbus.file.transfers", stats, NodeStats::transfersDone)
        .tags("outcome", "done").description("File transfers ended").register(registry));
    node.add(FunctionCounter.builder("netbus.file.transfers", stats, NodeStats::transfersFailed)
        .tags("outcome", "failed").description("File transfers ended").register(registry));
    node.add(FunctionCounter.builder("netbus.file.transferred", stats, NodeStats::transferBytes)
        .baseUnit(BaseUnits.BYTES).description("Bytes moved by file transfers, ended and in progress")
        .register(registry));
  }

  /** Removes every meter this object registered (the console is undeployed; Vert.x's stay). */
  void close() {
    bound.values().forEach(list -> list.forEach(registry::remove));
    bound.clear();
    node.forEach(registry::remove);
    node.clear();
  }

  /** Binds meters for listeners that appeared and removes those of listeners that went. */
  void refresh() {
    List<ListenerStats> now = stats.listeners();
    Map<ListenerStats, Boolean> live = new IdentityHashMap<>();
    now.forEach(l -> live.put(l, Boolean.TRUE));
    bound.entrySet().removeIf(e -> {
      if (live.containsKey(e.getKey())) {
        return false;
      }
      e.getValue().forEach(registry::remove);
      return true;
    });
    for (ListenerStats l : now) {
      bound.computeIfAbsent(l, this::bind);
    }
  }

  private List<Meter> bind(ListenerStats l) {
    Tags tags = Tags.of(KIND, l.kind(), LISTENER, l.name());
    List<Meter> meters = new ArrayList<>();
    meters.add(Gauge.builder("netbus.listener.connections", l, ListenerStats::connections).tags(tags)
        .description("Connections open now").register(registry));
    meters.add(counter("netbus.listener.accepted", l, ListenerStats::accepted, null, tags,
        "Connections accepted"));
    meters.add(counter("netbus.listener.refused", l, ListenerStats::refusedCount, null, tags,
        "Peers refused by a limit or a network rule"));
    meters.add(counter("netbus.listener.messages.received", l, ListenerStats::framesIn, null, tags,
        "Messages (frames, datagrams) received from peers"));
    meters.add(counter("netbus.listener.messages.sent", l, ListenerStats::framesOut, null, tags,
        "Messages (frames, datagrams) sent to peers"));
    meters.add(counter("netbus.listener.received", l, ListenerStats::bytesInCount, BaseUnits.BYTES, tags,
        "Bytes received from peers"));
    meters.add(counter("netbus.listener.sent", l, ListenerStats::bytesOutCount, BaseUnits.BYTES, tags,
        "Bytes sent to peers"));
    meters.add(counter("netbus.listener.errors", l, ListenerStats::errorCount, null, tags,
        "Connection and protocol errors"));
    meters.add(counter("netbus.listener.forward.failed", l, ListenerStats::forwardFailedCount, null, tags,
        "Connections of a forward listener closed because the target could not be reached or refused TLS"));
    return meters;
  }

  private Meter counter(String name, ListenerStats l, ToDoubleFunction<ListenerStats> f, String unit, Tags tags,
      String description) {
    return FunctionCounter.builder(name, l, f).baseUnit(unit).tags(tags).description(description).register(registry);
  }
}
