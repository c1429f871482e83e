package io.netbus.file.protocol;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a received body into a file while it hashes it, off the event loop. The event loop
 * only gathers the socket's chunks into batches of about {@value #BATCH} bytes and queues them;
 * one worker task at a time drains the queue in order (hash, then one gathering write per
 * batch) and keeps going while batches arrive, so a fast stream costs few thread hand-offs.
 * At most {@value #HIGH_WATER} bytes wait: {@link #full()} tells the socket to pause, and the
 * {@link #drainHandler} runs on the event loop once the queue is below {@value #LOW_WATER}.
 * Memory per transfer is bounded whatever the file size.
 */
public final class HashingWriter {

  static final int BATCH = 1 << 20;
  static final long HIGH_WATER = 8L << 20;
  static final long LOW_WATER = 4L << 20;
  /** The drainer flushes the file to the disk every this many bytes (see the batch task). */
  static final long FLUSH_EVERY = 64L << 20;
  /** Batches at least this big are hashed on {@link #HASHERS} while the drainer writes them. */
  static final long PARALLEL_HASH = 256 << 10;
  /**
   * Hashing threads shared by every writer. Their tasks never block, so a drainer waiting for
   * one always gets it back (no deadlock however many transfers run); at most one task per
   * drainer is outstanding.
   */
  private static final java.util.concurrent.ExecutorService HASHERS = java.util.concurrent.Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "netbus-sha256");
        t.setDaemon(true);
        return t;
      });

  /** One unit of work for the drainer: a batch of data, or a final action on the channel. */
  private interface Task {
    long bytes();

    void run() throws Exception;

    default void skip(Throwable failure) {
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final FileChannel channel;
  private final MessageDigest digest;
  private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicReference<Handler<Void>> drainWaiter = new AtomicReference<>();
  private volatile Throwable failure;
  private List<Buffer> batch = new ArrayList<>();
  private int batchBytes;
  private long written;
  /** Drainer only: bytes written since the last flush. */
  private long unflushed;
  private Future<Void> closed;

  private HashingWriter(Vertx vertx, Context context, FileChannel channel, MessageDigest digest) {
    this.vertx = vertx;
    this.context = context;
    this.channel = channel;
    this.digest = digest;
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
    List<Buffer> out = batch;
    long bytes = batchBytes;
    batch = new ArrayList<>();
    batchBytes = 0;
    enqueue(new Task() {
      @Override
      public long bytes() {
        return bytes;
      }

      @Override
      public void run() throws Exception {
        ByteBuffer[] nio = new ByteBuffer[out.size()];
        ByteBuffer[] views = new ByteBuffer[nio.length];
        for (int i = 0; i < nio.length; i++) {
          nio[i] = ((BufferInternal) out.get(i)).getByteBuf().nioBuffer();
          views[i] = nio[i].duplicate();
        }
        // SHA-256 costs more CPU than the write: hash on another core while this thread writes
        java.util.concurrent.Future<?> hashed = bytes < PARALLEL_HASH ? null : HASHERS.submit(() -> {
          for (ByteBuffer v : views) {
            digest.update(v);
          }
        });
        try {
          if (hashed == null) {
            for (ByteBuffer v : views) {
              digest.update(v);
            }
          }
          long left = bytes;
          while (left > 0) {
            left -= channel.write(nio);
          }
          unflushed += bytes;
          if (unflushed >= FLUSH_EVERY) {
            // push the data to the disk as it comes (while the hasher works), so the fsync that
            // finish() still does before the verdict has little left to write
            unflushed = 0;
            channel.force(false);
          }
        } finally {
          // the hasher reads these buffers: wait for it before anything frees them (even after a failed write)
          if (hashed != null) {
            awaitUninterruptibly(hashed);
          }
        }
        for (Buffer b : out) {
          DirectReceive.release(b);
        }
      }
    });
  }

  private static void awaitUninterruptibly(java.util.concurrent.Future<?> f) throws Exception {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof Exception c ? c : e;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void enqueue(Task task) {
    queued.addAndGet(task.bytes());
    queue.add(task);
    if (draining.compareAndSet(false, true)) {
      vertx.executeBlocking(() -> {
        drain();
        return null;
      }, false);
    }
  }

  /** Worker side: runs queued tasks in order until the queue is empty. */
  private void drain() {
    while (true) {
      Task task = queue.poll();
      if (task == null) {
        draining.set(false);
        // a task queued between poll() and set(false) must not be stranded
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      if (failure != null) {
        task.skip(failure);
      } else {
        try {
          task.run();
        } catch (Throwable t) {
          failure = t;
          task.skip(t);
        }
      }
      long left = queued.addAndGet(-task.bytes());
      if (left < LOW_WATER || failure != null) {
        Handler<Void> waiter = drainWaiter.getAndSet(null);
        if (waiter != null) {
          context.runOnContext(waiter);
        }
      }
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

  /** Writes what is left, fsyncs, closes; completes with the hex SHA-256 of everything digested. */
  public Future<String> finish() {
    if (closed != null) {
      return Future.failedFuture(new IllegalStateException("the file is already closed"));
    }
    submitBatch();
    Promise<String> done = ((io.vertx.core.internal.ContextInternal) context).promise();
    closed = done.future().<Void>mapEmpty().recover(err -> Future.succeededFuture());
    enqueue(new Task() {
      @Override
      public long bytes() {
        return 0;
      }

      @Override
      public void run() throws IOException {
        try {
          channel.force(true);
        } finally {
          channel.close();
        }
        done.complete(Sha256.hex(digest));
      }

      @Override
      public void skip(Throwable failure) {
        closeQuietly();
        done.tryFail(failure);
      }
    });
    return done.future();
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
      batch = new ArrayList<>();
      batchBytes = 0;
      closed = closeAfterQueue();
    }
    return closed;
  }

  private Future<Void> closeAfterQueue() {
    Promise<Void> done = ((io.vertx.core.internal.ContextInternal) context).promise();
    enqueue(new Task() {
      @Override
      public long bytes() {
        return 0;
      }

      @Override
      public void run() {
        closeQuietly();
        done.tryComplete();
      }

      @Override
      public void skip(Throwable failure) {
        run();
      }
    });
    return done.future();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing after a failure: the failure is what gets reported
    }
  }
}
