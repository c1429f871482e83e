package io.netbus.tcp.service;

import io.vertx.core.buffer.Buffer;

/**
 * What a {@link Service} may do with one client connection: write replies (framed for the
 * listener), broadcast to the listener's other clients, pause reading while it waits, keep
 * per-connection state, and close. The server's connection implements it; services see nothing
 * else of the server, so the two can change apart. Called on the connection's event loop only.
 */
public interface ServiceContext {

  /** The connection id, unique across instances and nodes. */
  String id();

  /** The client's address, {@code ip:port} ({@code [ip6]:port}). */
  String remote();

  /** The name of the listener that accepted the connection. */
  String listenerName();

  /** Raw framing: the newline dropped from the message being handled ({@code \n}, {@code \r\n} or none). */
  Buffer terminator();

  /** Per-connection state the service keeps (e.g. its request queue). */
  <T> T state();

  void state(Object value);

  /** False once the connection is closing or closed: later replies would be dropped. */
  boolean isOpen();

  /**
   * Starts a reply to the current message: append the payload to the returned buffer, then call
   * {@link #endReply()}. Replies to one read chunk go out in one write.
   */
  Buffer beginReply();

  /** Ends the reply begun by {@link #beginReply()}, framing it; in raw framing with {@code rawTerminator}. */
  void endReply(Buffer rawTerminator);

  /** Ends the reply begun by {@link #beginReply()}, in raw framing with the message's own newline. */
  void endReply();

  /** Writes {@code payload} as one reply frame (raw framing: followed by the message's newline). */
  void reply(Buffer payload);

  /** Like {@link #reply(Buffer)} with an explicit raw-framing terminator (for replies that come later). */
  void reply(Buffer payload, Buffer rawTerminator);

  /**
   * Sends {@code payload}, framed, to every other client of the listener, on every instance and
   * node; in raw framing followed by {@code rawTerminator}.
   */
  void broadcast(Buffer payload, Buffer rawTerminator);

  /** Stops reading until a matching {@link #release()} (a service waiting on something). */
  void hold();

  void release();

  /**
   * A reply to the current message will come later (a bus request): a client that half-closed is
   * answered before the connection closes. Pair each call with {@link #replyDone()}.
   */
  void replyPending();

  /** A reply announced with {@link #replyPending()} was written (or dropped: the connection closed). */
  void replyDone();

  /** Closes the connection once the replies written so far are flushed. */
  void closeAfterReplies();
}
