package io.netbus.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Prints a progress line about once a second on stderr while a bench runs (stdout stays clean for --json). */
final class BenchProgress {

  private final PrintStream out;
  private final boolean enabled;
  private final boolean terminal;
  private final String unit;
  private long lastNanos;
  private long lastCount;
  private boolean printed;

  BenchProgress(PrintStream out, boolean enabled, String unit) {
    this.out = out;
    this.enabled = enabled;
    this.terminal = System.console() != null;
    this.unit = unit;
  }

  void tick(String phase, double elapsedSeconds, LongSupplier count, LongSupplier errors) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (lastNanos != 0 && now - lastNanos < 1_000_000_000L) {
      return;
    }
    long c = count.getAsLong();
    if (lastNanos == 0) {
      lastNanos = now;
      lastCount = c;
      return;
    }
    double rate = (c - lastCount) / ((now - lastNanos) / 1e9);
    lastNanos = now;
    lastCount = c;
    String line = String.format(Locale.ROOT, "  %5.1f s  %-8s %,14.0f %s/s   errors %,d", elapsedSeconds, phase, rate, unit,
        errors.getAsLong());
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
    printed = true;
  }

  void done() {
    if (enabled && terminal && printed) {
      out.println();
    }
  }
}
