package io.netbus.file.protocol;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a received body into a file while it hashes it, off the event loop. The event loop
 * only gathers the socket's chunks into batches of about {@value #BATCH} bytes; each batch goes
 * to two {@link SerialLane}s that run side by side: one hashes (SHA-256 is the most expensive
 * step, so it must never wait for the disk), the other writes with one gathering write per batch
 * and starts a background flush every {@value #FLUSH_EVERY} bytes, so the fsync before the
 * verdict has little left to do. A batch's buffers go back when both lanes are done with it.
 * At most {@value #HIGH_WATER} bytes wait: {@link #full()} tells the socket to pause, and the
 * {@link #drainHandler} runs on the event loop once the backlog is below {@value #LOW_WATER}.
 * Memory per transfer is bounded whatever the file size.
 */
public final class HashingWriter {

  static final int BATCH = 1 << 20;
  static final long HIGH_WATER = 8L << 20;
  static final long LOW_WATER = 4L << 20;
  static final long FLUSH_EVERY = 64L << 20;

  /**
   * Hashing threads shared by every writer; their tasks never block, so one per core is enough
   * however many transfers run.
   */
  private static final ExecutorService HASHERS = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "netbus-sha256");
        t.setDaemon(true);
        return t;
      });

  private final Vertx vertx;
  private final Context context;
  private final FileChannel channel;
  private final MessageDigest digest;
  private final SerialLane hashLane;
  private final SerialLane writeLane;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicReference<Handler<Void>> drainWaiter = new AtomicReference<>();
  private volatile Throwable failure;
  private List<Buffer> batch = new ArrayList<>();
  private int batchBytes;
  private long written;
  /** Write lane only: bytes written since the last flush started. */
  private long unflushed;
  private Future<Void> closed;

  private HashingWriter(Vertx vertx, Context context, FileChannel channel, MessageDigest digest) {
    this.vertx = vertx;
    this.context = context;
    this.channel = channel;
    this.digest = digest;
    this.hashLane = new SerialLane(HASHERS);
    this.writeLane = new SerialLane(task -> vertx.executeBlocking(() -> {
      task.run();
      return null;
    }, false));
  }

  /**
   * Opens {@code path} for writing at {@code position} (anything after it is cut off; 0 starts
   * a new file). {@code digest} must already hold the file's first {@code position} bytes.
   * Call from the event loop that will write.
   */
  public static Future<HashingWriter> open(Vertx vertx, Path path, long position, MessageDigest digest) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
      try {
        ch.truncate(position);
        ch.position(position);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return new HashingWriter(vertx, context, ch, digest);
    }, false);
  }

  /** Queues {@code chunk} (which the writer now owns); check {@link #full()} afterwards. */
  public void write(Buffer chunk) {
    if (closed != null || failure != null) {
      DirectReceive.release(chunk);
      return;
    }
    written += chunk.length();
    batch.add(chunk);
    batchBytes += chunk.length();
    if (batchBytes >= BATCH) {
      submitBatch();
    }
  }

  private void submitBatch() {
    if (batch.isEmpty()) {
      return;
    }
    Batch b = new Batch(batch, batchBytes);
    batch = new ArrayList<>();
    batchBytes = 0;
    queued.addAndGet(b.bytes);
    hashLane.submit(() -> {
      if (failure == null) {
        try {
          for (ByteBuffer v : b.views()) {
            digest.update(v);
          }
        } catch (RuntimeException e) {
          fail(e);
        }
      }
      b.done();
    });
    writeLane.submit(() -> {
      if (failure == null) {
        try {
          ByteBuffer[] nio = b.views();
          long left = b.bytes;
          while (left > 0) {
            left -= channel.write(nio);
          }
          unflushed += b.bytes;
          if (unflushed >= FLUSH_EVERY && flushing.compareAndSet(false, true)) {
            unflushed = 0;
            flushInBackground();
          }
        } catch (IOException | RuntimeException e) {
          fail(e);
        }
      }
      b.done();
    });
  }

  /**
   * Pushes what is written so far to the disk while the lanes carry on (a FileChannel's force
   * does not hold the lock its writes take). A flush that fails fails the transfer: Linux
   * reports a writeback error to one fsync only, so the final one might not see it.
   */
  private void flushInBackground() {
    vertx.executeBlocking(() -> {
      try {
        channel.force(false);
      } catch (ClosedChannelException closedMeanwhile) {
        // the transfer ended (or was abandoned) while this flush ran: nothing left to flush
      } catch (IOException e) {
        fail(e);
      } finally {
        flushing.set(false);
      }
      return null;
    }, false);
  }

  private void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
    signalDrain();
  }

  private void signalDrain() {
    Handler<Void> waiter = drainWaiter.getAndSet(null);
    if (waiter != null) {
      context.runOnContext(waiter);
    }
  }

  public boolean full() {
    return queued.get() >= HIGH_WATER;
  }

  /** Runs once on the event loop when the writer can take more (or failed: check {@link #failure()}). */
  public void drainHandler(Handler<Void> handler) {
    drainWaiter.set(handler);
    if ((queued.get() < LOW_WATER || failure != null) && drainWaiter.compareAndSet(handler, null)) {
      context.runOnContext(handler);
    }
  }

  /** The first write error, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Bytes accepted by {@link #write} so far. */
  public long written() {
    return written;
  }

  /** Writes what is left, fsyncs, closes; completes with the hex SHA-256 of everything written. */
  public Future<String> finish() {
    if (closed != null) {
      return Future.failedFuture(new IllegalStateException("the file is already closed"));
    }
    submitBatch();
    Promise<String> hashed = FileInternals.promise(context);
    Promise<Void> synced = FileInternals.promise(context);
    hashLane.submit(() -> hashed.complete(Sha256.hex(digest)));
    writeLane.submit(() -> {
      try {
        if (failure == null) {
          channel.force(true);
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
      } finally {
        closeQuietly();
      }
      synced.complete();
    });
    Future<String> done = Future.all(hashed.future(), synced.future())
        .compose(all -> failure == null ? Future.succeededFuture(hashed.future().result()) : Future.failedFuture(failure));
    closed = done.<Void>mapEmpty().recover(err -> Future.succeededFuture());
    return done;
  }

  /** Writes what is left (so a later resume keeps it) and closes, without fsync. */
  public Future<Void> abandon() {
    if (closed == null) {
      submitBatch();
      closed = closeAfterQueue();
    }
    return closed;
  }

  /** Closes without writing what is left (the data is to be deleted). */
  public Future<Void> discard() {
    if (closed == null) {
      batch.forEach(DirectReceive::release);
      batch = new ArrayList<>();
      batchBytes = 0;
      closed = closeAfterQueue();
    }
    return closed;
  }

  private Future<Void> closeAfterQueue() {
    Promise<Void> done = FileInternals.promise(context);
    writeLane.submit(() -> {
      closeQuietly();
      done.complete();
    });
    return done.future();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing after a failure or an abandon: what went before is what gets reported
    }
  }

  /**
   * One batch of chunks on its way through both lanes; its buffers are freed, and the backlog
   * shrinks, when the second lane is done with it.
   */
  private final class Batch {
    final List<Buffer> chunks;
    final long bytes;
    private final AtomicInteger lanesLeft = new AtomicInteger(2);

    Batch(List<Buffer> chunks, long bytes) {
      this.chunks = chunks;
      this.bytes = bytes;
    }

    /** Fresh views of the chunks: each lane moves its own positions. */
    ByteBuffer[] views() {
      ByteBuffer[] nio = new ByteBuffer[chunks.size()];
      for (int i = 0; i < nio.length; i++) {
        nio[i] = FileInternals.nioView(chunks.get(i));
      }
      return nio;
    }

    void done() {
      if (lanesLeft.decrementAndGet() > 0) {
        return;
      }
      chunks.forEach(DirectReceive::release);
      if (queued.addAndGet(-bytes) < LOW_WATER) {
        signalDrain();
      }
    }
  }
}
