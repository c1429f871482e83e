package io.netbus.file.client;

/**
 * A finished, verified transfer: the file's {@code size} and SHA-256, the {@code offset} it
 * resumed from, the bytes that crossed the network and how long it took.
 */
public record TransferResult(String name, long size, long offset, long bytes, String sha256, long millis) {

  /** Network throughput in bytes per second. */
  public double rate() {
    return millis == 0 ? bytes * 1000.0 : bytes * 1000.0 / millis;
  }
}
