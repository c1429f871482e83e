package io.netbus.bench;

/** A bench that cannot run at all (target unreachable, bad reply to a handshake): exit status 1. */
public class BenchException extends Exception {

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
