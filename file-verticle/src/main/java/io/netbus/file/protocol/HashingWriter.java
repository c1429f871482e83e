package io.netbus.file.protocol;

import io.vertx.core.Future;
import io.vertx.core.Handler;
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

/**
 * Writes a received body into a file while it hashes it, off the event loop: the event loop
 * only gathers the socket's chunks into batches of about {@value #BATCH} bytes; each batch is
 * hashed and written (one gathering write) by a worker thread, batches strictly in order,
 * different writers in parallel. At most {@value #MAX_IN_FLIGHT} batches wait, so memory is
 * bounded whatever the size: {@link #full()} tells the socket to pause, {@link #drainHandler}
 * to resume.
 */
public final class HashingWriter {

  static final int BATCH = 1 << 20;
  static final int MAX_IN_FLIGHT = 4;

  private final Vertx vertx;
  private final FileChannel channel;
  private final MessageDigest digest;
  private List<Buffer> batch = new ArrayList<>();
  private int batchBytes;
  private long written;
  private int inFlight;
  private Future<Void> tail = Future.succeededFuture();
  private Handler<Void> drainHandler;
  private Throwable failure;
  private Future<Void> closed;

  private HashingWriter(Vertx vertx, FileChannel channel, MessageDigest digest) {
    this.vertx = vertx;
    this.channel = channel;
    this.digest = digest;
  }

  /**
   * Opens {@code path} for writing at {@code position} (anything after it is cut off; 0 starts
   * a new file). {@code digest} must already hold the file's first {@code position} bytes.
   */
  public static Future<HashingWriter> open(Vertx vertx, Path path, long position, MessageDigest digest) {
    return vertx.executeBlocking(() -> {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
      try {
        ch.truncate(position);
        ch.position(position);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return new HashingWriter(vertx, ch, digest);
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
      submit();
    }
  }

  private void submit() {
    if (batch.isEmpty()) {
      return;
    }
    List<Buffer> out = batch;
    batch = new ArrayList<>();
    batchBytes = 0;
    inFlight++;
    tail = tail.compose(v -> vertx.<Void>executeBlocking(() -> {
      ByteBuffer[] nio = new ByteBuffer[out.size()];
      for (int i = 0; i < nio.length; i++) {
        nio[i] = ((BufferInternal) out.get(i)).getByteBuf().nioBuffer();
        digest.update(nio[i].duplicate());
      }
      long left = 0;
      for (ByteBuffer b : nio) {
        left += b.remaining();
      }
      while (left > 0) {
        left -= channel.write(nio);
      }
      return null;
    }, false));
    tail.onComplete(ar -> {
      inFlight--;
      if (ar.failed() && failure == null) {
        failure = ar.cause();
      }
      Handler<Void> h = drainHandler;
      if (h != null && inFlight < MAX_IN_FLIGHT) {
        drainHandler = null;
        h.handle(null);
      }
    });
  }

  public boolean full() {
    return inFlight >= MAX_IN_FLIGHT;
  }

  /** Runs once when the writer can take more (or failed: check {@link #failure()}). */
  public void drainHandler(Handler<Void> handler) {
    drainHandler = handler;
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
    submit();
    Future<String> done = tail.compose(v -> vertx.executeBlocking(() -> {
      channel.force(true);
      channel.close();
      return Sha256.hex(digest);
    }, false));
    closed = done.<Void>mapEmpty().recover(err -> closeChannel());
    return done.recover(err -> closed.transform(ignored -> Future.failedFuture(err)));
  }

  /** Writes what is left (so a later resume keeps it) and closes, without fsync. */
  public Future<Void> abandon() {
    if (closed == null) {
      submit();
      closed = tail.transform(ar -> closeChannel());
    }
    return closed;
  }

  /** Closes without writing what is left (the data is to be deleted). */
  public Future<Void> discard() {
    if (closed == null) {
      batch = new ArrayList<>();
      batchBytes = 0;
      closed = tail.transform(ar -> closeChannel());
    }
    return closed;
  }

  private Future<Void> closeChannel() {
    return vertx.<Void>executeBlocking(() -> {
      channel.close();
      return null;
    }, false).recover(err -> Future.<Void>succeededFuture());
  }
}
