package io.netbus.launcher.adversarial;

import java.lang.management.ManagementFactory;

/** Heap in use after a full collection, as the adversarial tests measure it (this JVM runs the node). */
public final class Heap {

  private Heap() {
  }

  /** Bytes of heap in use after {@code System.gc()} (three rounds, so finalizable and soft garbage is gone too). */
  public static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Bytes of heap in use now, garbage included (a peak sample). */
  public static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  public static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }
}
