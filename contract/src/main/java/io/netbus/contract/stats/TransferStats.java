package io.netbus.contract.stats;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One file transfer in progress on this node: which listener, which file, which direction, how
 * far. Registered by the file module when a transfer starts and removed when it ends, so the
 * console can show progress and metrics can count bytes.
 */
public final class TransferStats {

  private final long id;
  private final String listener;
  private final String file;
  private final String direction;
  private final long total;
  private final long startedAt = System.currentTimeMillis();
  private final AtomicLong done = new AtomicLong();

  TransferStats(long id, String listener, String file, String direction, long total) {
    this.id = id;
    this.listener = listener;
    this.file = file;
    this.direction = direction;
    this.total = total;
  }

  public long id() {
    return id;
  }

  /** Adds bytes moved; called from the transfer's own context. */
  public void progress(long bytes) {
    done.addAndGet(bytes);
  }

  public long done() {
    return done.get();
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("listener", listener).put("file", file)
        .put("direction", direction).put("bytes", done.get()).put("total", total)
        .put("startedAt", startedAt);
  }
}
