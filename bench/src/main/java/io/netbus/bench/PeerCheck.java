package io.netbus.bench;

import io.netbus.contract.PeerBytes;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.buffer.Buffer;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a bench that is loading the wrong peer, or nothing, within seconds instead of letting it
 * run (or wait) for its whole duration: no reply at all within {@link #FIRST_REPLY_SECONDS} of
 * the start, or every connection closed before one, ends the run with one line in a user's words
 * ({@code 127.0.0.1:9000 closed every connection without answering (it sent "netbus sample
 * file...")}). Keeps the first bytes any connection received, to name what the peer speaks.
 */
final class PeerCheck {

  /** How long a bench waits for the first reply before it says nothing answers. */
  static final long FIRST_REPLY_SECONDS = 3;

  private final Target target;
  private volatile long startNanos = System.nanoTime();
  private final AtomicReference<Buffer> firstBytes = new AtomicReference<>();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  PeerCheck(Target target) {
    this.target = target;
  }

  /** Starts the first-reply time: when the first messages leave (connecting thousands takes a while). */
  void startClock() {
    startNanos = System.nanoTime();
    lastProgress = startNanos;
  }

  /** Keeps the first bytes the peer sent (any connection), up to what {@link PeerBytes} shows. */
  void received(Buffer chunk) {
    if (firstBytes.get() == null) {
      firstBytes.compareAndSet(null, chunk.copy().slice(0, Math.min(chunk.length(), PeerBytes.SHOWN_BYTES)));
    }
  }

  private long lastReplies = -1;
  private long lastProgress = System.nanoTime();

  /**
   * Fails the run when replies stopped: messages are in flight and none came back for
   * {@code timeoutSeconds} (a peer that answered a first line and then went quiet, or closed some
   * connections and keeps others open, would otherwise hold a run by count for its whole bound).
   */
  void checkStall(long replies, long inflight, double timeoutSeconds, String what) throws BenchException {
    long now = System.nanoTime();
    if (replies != lastReplies || inflight == 0) {
      lastReplies = replies;
      lastProgress = now;
      return;
    }
    if (replies > 0 && now - lastProgress > (long) (timeoutSeconds * 1e9)) {
      throw new BenchException(target + " stopped answering: no reply for " + timeoutSeconds + " s with " + inflight
          + " " + what + " in flight, after " + replies + " replies (--timeout waits longer)");
    }
  }

  /** What the peer sent first ({@code it sent "Welcome!"}), or {@code fallback} when nothing came. */
  String sent(String fallback) {
    Buffer first = firstBytes.get();
    return first == null ? fallback : "it sent " + PeerBytes.shown(first);
  }

  /** Records why a connection ended; true for the first one. */
  boolean failed(String problem) {
    return firstFailure.compareAndSet(null, problem);
  }

  /**
   * Fails the run when no reply has come: every connection is gone, or the first-reply time
   * passed. {@code what} names the messages ({@code "messages"}, {@code "datagrams"}).
   */
  void check(long replies, boolean allClosed, String what) throws BenchException {
    if (replies > 0) {
      return;
    }
    boolean late = System.nanoTime() - startNanos > TimeUnit.SECONDS.toNanos(FIRST_REPLY_SECONDS);
    if (!allClosed && !late) {
      return;
    }
    Buffer first = firstBytes.get();
    String sent = first == null ? "" : "it sent " + PeerBytes.shown(first);
    if (allClosed) {
      String why = firstFailure.get();
      String reason = why == null || why.equals(CLOSED) ? "" : why;
      String detail = String.join("; ", java.util.stream.Stream.of(sent, reason).filter(s -> !s.isEmpty()).toList());
      throw new BenchException(target + " closed every connection without answering"
          + (detail.isEmpty() ? "" : " (" + detail + ")") + ": is it the server you meant (a TLS listener needs --tls)?");
    }
    throw new BenchException(first == null
        ? "nothing answered at " + target + " within " + FIRST_REPLY_SECONDS + " s (" + ("datagrams".equals(what)
            ? "datagrams sent, none came back" : "the connections are open, no reply came back")
            + "): is it the server you meant?"
        : target + " sent no reply the bench recognises within " + FIRST_REPLY_SECONDS + " s (" + sent
            + "): is it an echo server, and is the framing right?");
  }

  /** How a connection that the server closed is recorded. */
  static final String CLOSED = "closed by the server";

  /** A failed connect in a user's words: nothing listens, or nothing accepted in time. */
  static String connectFailure(Target target, Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return target + " did not accept a connection in time (" + cause.getMessage() + ")";
    }
    if (cause instanceof ConnectException) {
      return "cannot connect to " + target + ": connection refused (nothing listens there)";
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return "cannot connect to " + target + ": " + message;
  }
}
