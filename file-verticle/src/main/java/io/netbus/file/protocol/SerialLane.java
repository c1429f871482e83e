package io.netbus.file.protocol;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order they were submitted, on a shared executor, and keeps
 * the thread it got while tasks keep arriving: a busy stream costs one hand-off per burst, not
 * one per task, and two lanes of one transfer (hashing, writing) can run on two cores at once.
 * A busy lane yields its thread every {@value #BURST} tasks, so transfers sharing a pool take turns.
 * Tasks must not throw (they record their own failures); one that does is contained so the
 * lane still runs the tasks after it.
 */
final class SerialLane {

  private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);
  /** Tasks run in one go before the lane yields its thread (8 batches, 8 MiB, in a transfer). */
  static final int BURST = 8;

  private final Executor executor;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  SerialLane(Executor executor) {
    this.executor = executor;
  }

  void submit(Runnable task) {
    queue.add(task);
    if (running.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    int ran = 0;
    while (true) {
      Runnable task = queue.poll();
      if (task == null) {
        running.set(false);
        // a task queued between poll() and set(false) must not be stranded
        if (queue.isEmpty() || !running.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // the task's owner learns of it through its own state; the lane must go on
        LOG.error("a transfer task failed", e);
      }
      if (++ran == BURST && !queue.isEmpty()) {
        // still busy: go to the back of the executor's queue, so the lanes of other transfers
        // sharing its threads get their turn (this lane stays marked running meanwhile)
        executor.execute(this::drain);
        return;
      }
    }
  }
}
