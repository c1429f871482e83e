package io.netbus.launcher.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * File transfer throughput against a {@code push} listener (or any server that streams a file on
 * connect and closes: {@code nc -l < file}, {@code socat ... OPEN:file}): connect, read to EOF,
 * count the bytes, one transfer after another, for a count or a duration.
 *
 * <p>TODO(issue 7, after the file protocol lands): {@code get}/{@code put} against an
 * {@code exchange} listener. The netbus file protocol is being designed in the file-verticle
 * branch; once merged, drive it here through the launcher's file client so {@code bench file
 * --mode get|put} measures the same code path as {@code netbus get/put}.
 */
public final class FileBench {

  public record Options(Target target, String mode, long expectSize, Limits limits) {

    public Options {
      if (!"push".equals(mode)) {
        throw new IllegalArgumentException("--mode: '" + mode + "': only 'push' is available yet"
            + " (get/put follow the netbus file protocol)");
      }
      if (expectSize < -1) {
        throw new IllegalArgumentException("--expect-size: " + expectSize + " is negative");
      }
    }
  }

  private FileBench() {
  }

  public static BenchReport run(Options options, Progress progress) throws Exception {
    Limits limits = options.limits();
    Histogram times = BenchReport.newHistogram();
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (limits.durationSeconds() * 1e9);
    long maxTransfers = limits.byCount() ? limits.count() : Long.MAX_VALUE;
    long transfers = 0;
    long bytes = 0;
    long wrongSize = 0;
    long failed = 0;
    AtomicLong live = new AtomicLong();
    byte[] buffer = new byte[1 << 20];
    do {
      long start = System.nanoTime();
      long got;
      try {
        got = transfer(options, buffer, live, progress, t0);
      } catch (IOException e) {
        if (transfers == 0 && failed == 0) {
          throw new BenchException("cannot fetch from " + options.target() + ": " + e.getMessage(), e);
        }
        failed++;
        continue;
      }
      long took = System.nanoTime() - start;
      times.recordValue(Math.min(Math.max(1, took), BenchReport.MAX_TRACKABLE_NANOS));
      transfers++;
      bytes += got;
      if (options.expectSize() >= 0 && got != options.expectSize()) {
        wrongSize++;
      }
    } while (transfers + failed < maxTransfers && System.nanoTime() < deadline);
    double seconds = (System.nanoTime() - t0) / 1e9;
    progress.done();
    return new BenchReport("file", options.target().toString())
        .unit("transfers")
        .parameter("mode", options.mode())
        .parameter("expectSize", options.expectSize())
        .measured(transfers, bytes, seconds)
        .latency(times)
        .error("wrongSize", wrongSize)
        .error("failed", failed);
  }

  /**
   * One transfer: connect, read until the server closes, return the byte count. A plain blocking
   * socket with a 1 MiB buffer, like {@code nc}: the client must not be what limits the figure.
   */
  private static long transfer(Options options, byte[] buffer, AtomicLong live, Progress progress, long t0)
      throws IOException {
    int timeoutMillis = (int) (options.limits().timeoutSeconds() * 1000);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(1 << 20);
      socket.connect(new InetSocketAddress(options.target().host(), options.target().port()), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      InputStream in = socket.getInputStream();
      long count = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        count += n;
        live.addAndGet(n);
        progress.tick("measure", (System.nanoTime() - t0) / 1e9, live::get, () -> 0);
      }
      return count;
    }
  }
}
