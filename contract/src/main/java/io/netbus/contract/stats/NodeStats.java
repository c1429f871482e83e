package io.netbus.contract.stats;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registry of live counters of one node (one Vert.x instance): its listeners and file
 * transfers in progress. Kept in the instance's local shared data, so every verticle of the node
 * finds the same registry and two nodes in one JVM (tests) do not mix. Thread-safe.
 */
public final class NodeStats implements Shareable {

  private static final String MAP = "netbus.stats";
  private static final String KEY = "node";

  private final Map<String, ListenerStats> listeners = new ConcurrentHashMap<>();
  private final Map<Long, TransferStats> transfers = new ConcurrentHashMap<>();
  private final AtomicLong transferIds = new AtomicLong();
  private final LongAdder transfersDone = new LongAdder();
  private final LongAdder transfersFailed = new LongAdder();
  private final LongAdder transferBytes = new LongAdder();

  /** The registry of {@code vertx}, created on first use. */
  public static NodeStats of(Vertx vertx) {
    return (NodeStats) vertx.sharedData().<String, Shareable>getLocalMap(MAP)
        .computeIfAbsent(KEY, k -> new NodeStats());
  }

  /**
   * The counters of listener {@code name} of {@code kind} ({@code tcp}, {@code udp},
   * {@code file}, {@code bridge}, ...), created on first use. Every verticle instance that serves
   * the listener calls this once and {@link #release} once when it stops; the counters outlive
   * restarts of single instances but go when the last one stops.
   */
  public ListenerStats retain(String kind, String name) {
    ListenerStats stats = listeners.compute(key(kind, name),
        (k, existing) -> existing != null ? existing : new ListenerStats(kind, name));
    stats.retain();
    return stats;
  }

  public void release(ListenerStats stats) {
    listeners.computeIfPresent(key(stats.kind(), stats.name()),
        (k, existing) -> existing == stats && existing.release() <= 0 ? null : existing);
  }

  /** Every listener of the node, by kind then name. */
  public List<ListenerStats> listeners() {
    List<ListenerStats> all = new ArrayList<>(listeners.values());
    all.sort(Comparator.comparing(ListenerStats::kind).thenComparing(ListenerStats::name));
    return all;
  }

  /** A transfer starts; {@code total} is -1 when unknown. */
  public TransferStats startTransfer(String listener, String file, String direction, long total) {
    TransferStats t = new TransferStats(transferIds.incrementAndGet(), listener, file, direction, total);
    transfers.put(t.id(), t);
    return t;
  }

  /** The transfer ended, well or not; its bytes join the node's totals. */
  public void endTransfer(TransferStats t, boolean ok) {
    if (transfers.remove(t.id()) != null) {
      (ok ? transfersDone : transfersFailed).increment();
      transferBytes.add(t.done());
    }
  }

  public List<TransferStats> transfers() {
    List<TransferStats> all = new ArrayList<>(transfers.values());
    all.sort(Comparator.comparingLong(TransferStats::id));
    return all;
  }

  public long transfersDone() {
    return transfersDone.sum();
  }

  public long transfersFailed() {
    return transfersFailed.sum();
  }

  /** Bytes of ended transfers plus those in progress. */
  public long transferBytes() {
    return transferBytes.sum() + transfers.values().stream().mapToLong(TransferStats::done).sum();
  }

  private static String key(String kind, String name) {
    return kind + "/" + name;
  }
}
