package io.netbus.file.protocol;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import java.security.MessageDigest;

/**
 * Writes a body into an {@link AsyncFile} while it hashes it: chunks are digested as they pass
 * and gathered into {@value #BATCH}-byte writes (fewer, larger file writes keep up with a fast
 * socket). Memory is bounded: one batch being filled plus the file's write queue
 * ({@value #QUEUE} bytes); {@link #full()} tells the socket to pause, {@link #drainHandler}
 * to resume.
 */
public final class HashingWriter {

  static final int BATCH = 1 << 20;
  static final int QUEUE = 4 << 20;

  private final AsyncFile file;
  private final MessageDigest digest;
  private Buffer batch = Buffer.buffer(BATCH);
  private long written;
  private Throwable failure;
  private Future<Void> closed;

  /** {@code digest} may already hold the bytes before this file's write position (a resume). */
  public HashingWriter(AsyncFile file, MessageDigest digest) {
    this.file = file;
    this.digest = digest;
    file.setWriteQueueMaxSize(QUEUE);
    file.exceptionHandler(err -> failure = err);
  }

  /** Hashes and queues {@code chunk}; check {@link #full()} afterwards. */
  public void write(Buffer chunk) {
    Sha256.update(digest, chunk);
    written += chunk.length();
    batch.appendBuffer(chunk);
    if (batch.length() >= BATCH) {
      flushBatch();
    }
  }

  private Future<Void> flushBatch() {
    if (batch.length() == 0) {
      return Future.succeededFuture();
    }
    Buffer out = batch;
    batch = Buffer.buffer(BATCH);
    Future<Void> f = file.write(out);
    f.onFailure(err -> failure = err);
    return f;
  }

  public boolean full() {
    return file.writeQueueFull();
  }

  public void drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
  }

  /** The first write error, or null. */
  public Throwable failure() {
    return failure;
  }

  public long written() {
    return written;
  }

  /** Writes what is left, fsyncs, closes; completes with the hex SHA-256 of everything digested. */
  public Future<String> finish() {
    if (closed != null) {
      return Future.failedFuture(new IllegalStateException("the file is already closed"));
    }
    return flushBatch()
        .compose(v -> file.flush())
        .transform(ar -> close().transform(c -> ar.succeeded() && c.succeeded()
            ? Future.succeededFuture(Sha256.hex(digest))
            : Future.failedFuture(ar.failed() ? ar.cause() : c.cause())));
  }

  /** Writes what is left (so a later resume keeps it) and closes, without fsync. */
  public Future<Void> abandon() {
    if (closed != null) {
      return closed.recover(err -> Future.succeededFuture());
    }
    return flushBatch().transform(ar -> close()).recover(err -> Future.succeededFuture());
  }

  /** Closes without writing what is left (the data is to be deleted). */
  public Future<Void> discard() {
    batch = Buffer.buffer();
    return close().recover(err -> Future.succeededFuture());
  }

  /** Closes the file once, however many times it is called. */
  private Future<Void> close() {
    if (closed == null) {
      try {
        closed = file.close();
      } catch (IllegalStateException e) {
        closed = Future.failedFuture(e);
      }
    }
    return closed;
  }
}
