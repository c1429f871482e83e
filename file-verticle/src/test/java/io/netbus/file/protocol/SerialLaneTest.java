package io.netbus.file.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A lane keeps its tasks in order, and a busy lane lets the other lanes on its threads take turns. */
class SerialLaneTest {

  private final ExecutorService oneThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    oneThread.shutdownNow();
  }

  @Test
  @Timeout(10)
  void tasksRunInOrderAndABusyLaneYieldsItsThread() throws Exception {
    SerialLane busy = new SerialLane(oneThread);
    SerialLane other = new SerialLane(oneThread);
    List<String> log = new ArrayList<>(); // one executor thread: no other synchronisation needed
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(2);
    int tasks = SerialLane.BURST * 4;
    // the first task holds the thread until everything is queued, so both lanes have work waiting
    busy.submit(() -> awaitQuietly(gate));
    IntStream.range(0, tasks).forEach(i -> busy.submit(() -> log.add("busy " + i)));
    busy.submit(done::countDown);
    other.submit(() -> log.add("other"));
    other.submit(done::countDown);
    gate.countDown();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    List<String> busyOnly = log.stream().filter(s -> s.startsWith("busy")).toList();
    assertThat(busyOnly).containsExactlyElementsOf(IntStream.range(0, tasks).mapToObj(i -> "busy " + i).toList());
    assertThat(log.indexOf("other")).as("the other lane ran before the busy one was done").isLessThan(tasks);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
