package io.netbus.contract.stats;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters of one listener on this node (all verticle instances of it together): connections
 * open, accepted and refused, frames and bytes in each direction, errors. Updated from event
 * loops with lock-free adders; read at any time from any thread for status, metrics and the
 * console. Per listener, never per connection or remote address, so their number stays bounded.
 */
public final class ListenerStats {

  /** Field names of {@link #toJson()}, shared by the admin API, the CLI and the console. */
  public static final String KIND = "kind";
  public static final String NAME = "name";
  public static final String ADDRESS = "address";
  public static final String TLS = "tls";
  public static final String ORIGIN = "origin";
  public static final String CONNECTIONS = "connections";
  public static final String ACCEPTED = "accepted";
  public static final String REFUSED = "refused";
  public static final String FRAMES_IN = "messagesIn";
  public static final String FRAMES_OUT = "messagesOut";
  public static final String BYTES_IN = "bytesIn";
  public static final String BYTES_OUT = "bytesOut";
  public static final String ERRORS = "errors";
  /** Connections of a forward listener whose target could not be reached (or refused TLS). */
  public static final String FORWARD_FAILED = "forwardFailed";

  /** Where a listener came from: the config file or a run-time deploy (not persisted). */
  public enum Origin { CONFIG, DEPLOY }

  private final String kind;
  private final String name;
  private volatile String address;
  private volatile boolean tls;
  private volatile Origin origin = Origin.CONFIG;
  private final AtomicInteger instances = new AtomicInteger();
  private final AtomicLong open = new AtomicLong();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder framesIn = new LongAdder();
  private final LongAdder framesOut = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder forwardFailed = new LongAdder();
  /** Counters a listener instance keeps itself (a forwarder's byte counts), read with the adders. */
  private final List<Source> sources = new CopyOnWriteArrayList<>();

  ListenerStats(String kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  /** {@code host:port} actually bound (or {@code unix:/path}); set once the server listens. */
  public String address() {
    return address;
  }

  public ListenerStats address(String bound) {
    this.address = bound;
    return this;
  }

  public boolean tls() {
    return tls;
  }

  public ListenerStats tls(boolean on) {
    this.tls = on;
    return this;
  }

  public Origin origin() {
    return origin;
  }

  public ListenerStats origin(Origin from) {
    this.origin = from;
    return this;
  }

  int retain() {
    return instances.incrementAndGet();
  }

  int release() {
    return instances.decrementAndGet();
  }

  /** A connection was accepted (and counts as open until {@link #closed()}). */
  public void opened() {
    accepted.increment();
    open.incrementAndGet();
  }

  public void closed() {
    open.decrementAndGet();
  }

  /** A peer refused by a limit or a network rule, before it was served. */
  public void refused() {
    refused.increment();
  }

  public void frameIn(long bytes) {
    framesIn.increment();
    bytesIn.add(bytes);
  }

  public void frameOut(long bytes) {
    framesOut.increment();
    bytesOut.add(bytes);
  }

  /** Bytes that are not frames (forwarded streams, file bodies). */
  public void bytesIn(long bytes) {
    bytesIn.add(bytes);
  }

  public void bytesOut(long bytes) {
    bytesOut.add(bytes);
  }

  public void error() {
    errors.increment();
  }

  /** A forwarded connection was closed because its target could not be reached. */
  public void forwardFailed() {
    forwardFailed.increment();
  }

  /**
   * Adds counters that a forward listener's instance keeps itself (its forwarder's, updated per
   * chunk on its event loop) to this listener's bytes in (client to target) and out (target to
   * client) and its forward failures; they are read whenever these stats are. The returned
   * action detaches them, keeping the values reached so far in the totals.
   */
  public Runnable countForwarded(LongSupplier in, LongSupplier out, LongSupplier failed) {
    Source source = new Source(in, out, failed);
    sources.add(source);
    return () -> {
      if (sources.remove(source)) {
        bytesIn.add(in.getAsLong());
        bytesOut.add(out.getAsLong());
        forwardFailed.add(failed.getAsLong());
      }
    };
  }

  private record Source(LongSupplier in, LongSupplier out, LongSupplier failed) {
  }

  public long connections() {
    return open.get();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long refusedCount() {
    return refused.sum();
  }

  public long framesIn() {
    return framesIn.sum();
  }

  public long framesOut() {
    return framesOut.sum();
  }

  public long bytesInCount() {
    long n = bytesIn.sum();
    for (Source s : sources) {
      n += s.in().getAsLong();
    }
    return n;
  }

  public long bytesOutCount() {
    long n = bytesOut.sum();
    for (Source s : sources) {
      n += s.out().getAsLong();
    }
    return n;
  }

  public long errorCount() {
    return errors.sum();
  }

  public long forwardFailedCount() {
    long n = forwardFailed.sum();
    for (Source s : sources) {
      n += s.failed().getAsLong();
    }
    return n;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put(KIND, kind).put(NAME, name).put(ADDRESS, address).put(TLS, tls)
        .put(ORIGIN, origin.name().toLowerCase())
        .put(CONNECTIONS, connections()).put(ACCEPTED, accepted()).put(REFUSED, refusedCount())
        .put(FRAMES_IN, framesIn()).put(FRAMES_OUT, framesOut())
        .put(BYTES_IN, bytesInCount()).put(BYTES_OUT, bytesOutCount()).put(ERRORS, errorCount())
        .put(FORWARD_FAILED, forwardFailedCount());
  }
}
