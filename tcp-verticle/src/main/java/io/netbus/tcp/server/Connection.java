package io.netbus.tcp.server;

import io.netbus.contract.framing.FrameDecoder;
import io.netbus.contract.framing.FrameTooLongException;
import io.netbus.contract.framing.Framing;
import io.netbus.contract.framing.RawLines;
import io.netbus.tcp.service.ServiceContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client of a listener. Cuts its bytes into messages with the listener's framing,
 * hands them to the listener, and batches the replies to one read chunk into a single write.
 * Reading pauses while the write queue is full (a client that never reads cannot grow the heap)
 * and while a service holds it (bus requests in flight): a hold also stops handing over the
 * frames left in the current read chunk, which wait in the decoder as the bytes that arrived. Runs on its listener instance's event
 * loop only. Services see it as a {@link ServiceContext}.
 */
public final class Connection implements ServiceContext {

  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

  static final Buffer NONE = Buffer.buffer(0);
  static final Buffer LF = Buffer.buffer("\n");
  static final Buffer CRLF = Buffer.buffer("\r\n");

  /**
   * Bytes a bus-fed write (chat, {@code .out}) may queue beyond a full write queue before the
   * client counts as a slow consumer and is closed: a broadcast cannot pause its source.
   */
  static final int SLOW_CONSUMER_BYTES = 256 * 1024;

  /** How long a closing connection may take to flush its last replies to a peer that does not read. */
  static final long CLOSE_GRACE_MS = 10_000;

  private final Listener listener;
  private final NetSocket socket;
  private final String id;
  private final String remote;
  private final Framing framing;
  private final FrameDecoder decoder;
  private final boolean splitLines;

  private Buffer batch;
  private int replyStart;
  private int chunkLength;
  private boolean inChunk;
  private Buffer terminator = NONE;
  private boolean closing;
  private boolean aborting;
  private boolean closed;
  private boolean writeFull;
  private int holds;
  private int repliesPending;
  private boolean readingStopped;
  /** The decoder holds frames of an earlier chunk not handed over yet (a service held the connection). */
  private boolean decodingStopped;
  private boolean inputEnded;
  private long overflow;
  private long graceTimer = -1;
  private Object state;

  Connection(Listener listener, NetSocket socket, String id) {
    this.listener = listener;
    this.socket = socket;
    this.id = id;
    this.remote = format(socket.remoteAddress());
    this.framing = listener.framing();
    this.decoder = framing.decoder(listener.config().maxFrame());
    this.splitLines = listener.splitsRawLines();
  }

  static String format(SocketAddress address) {
    if (address == null) {
      return "?";
    }
    String host = address.hostAddress() != null ? address.hostAddress() : address.host();
    return host != null && host.indexOf(':') >= 0 ? "[" + host + "]:" + address.port() : host + ":" + address.port();
  }

  void start() {
    // A client that half-closes (nc -N, socat, `echo hi | netbus tcp`) still gets the replies
    // due, a bus service's included: Netty would otherwise close the channel at the FIN.
    TcpInternals.allowHalfClosure(socket, () -> {
      inputEnded = true;
      endIfInputEnded();
    });
    socket.handler(this::onChunk);
    socket.drainHandler(v -> {
      writeFull = false;
      updateReading();
    });
    socket.exceptionHandler(err -> LOG.debug("tcp {}: connection {} ({}) failed", listener.name(), id, remote, err));
    socket.closeHandler(v -> onClosed());
  }

  /** The connection id, unique across instances and nodes: {@code <instance>-<n>}. */
  @Override
  public String id() {
    return id;
  }

  @Override
  public String remote() {
    return remote;
  }

  @Override
  public String listenerName() {
    return listener.name();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T state() {
    return (T) state;
  }

  @Override
  public void state(Object value) {
    this.state = value;
  }

  @Override
  public boolean isOpen() {
    return !closing && !closed;
  }

  @Override
  public Buffer terminator() {
    return terminator;
  }

  private void onChunk(Buffer chunk) {
    if (closing) {
      return;
    }
    decodeSome(chunk);
  }

  /** Hands the frames of {@code chunk} (and any held before it) to the service until it holds the connection. */
  private void decodeSome(Buffer chunk) {
    inChunk = true;
    chunkLength = chunk.length() > 0 ? chunk.length() : Math.min(decoder.buffered(), 1 << 16);
    try {
      decodingStopped = decoder.decodeWhile(chunk, splitLines ? this::onLines : this::onFrame);
    } catch (FrameTooLongException e) {
      LOG.warn("tcp {}: closing connection {} from {}: {}", listener.name(), id, remote, e.getMessage());
      closing = true;
      aborting = true;
    } catch (RuntimeException e) {
      LOG.error("tcp {}: closing connection {} from {}: service failed", listener.name(), id, remote, e);
      closing = true;
      aborting = true;
    } finally {
      inChunk = false;
    }
    if (closing) {
      if (aborting) {
        abort();
      } else {
        flush();
        closeGracefully();
      }
    } else {
      flush();
    }
    updateReading();
  }

  /**
   * A raw chunk for a text service: one message per line (piped {@code nc} input), see
   * {@link RawLines}. Text services never hold the connection, so the whole chunk is handed out.
   */
  private boolean onLines(Buffer chunk) {
    RawLines.split(chunk, this::onFrame);
    return !closing;
  }

  /** Returns whether the next frame may follow at once (false once a service holds the connection). */
  private boolean onFrame(Buffer frame) {
    if (closing) {
      return false;
    }
    Buffer message = frame;
    if (framing == Framing.RAW) {
      int nl = Framing.trailingNewline(frame);
      terminator = nl == 0 ? NONE : nl == 1 ? LF : CRLF;
      if (nl > 0) {
        message = frame.slice(0, frame.length() - nl);
      }
    }
    listener.onMessage(this, message);
    return holds == 0;
  }

  /**
   * Starts a reply to the current message: append the payload to the returned buffer, then call
   * {@link #endReply()}. Replies to one read chunk go out in one write.
   */
  @Override
  public Buffer beginReply() {
    if (batch == null) {
      batch = Buffer.buffer(inChunk ? Math.max(64, chunkLength + (chunkLength >> 2) + 16) : 128);
    }
    replyStart = batch.length();
    if (framing == Framing.LENGTH) {
      batch.appendInt(0);
    }
    return batch;
  }

  /** Ends the reply begun by {@link #beginReply()}, framing it; in raw framing with {@code rawTerminator}. */
  @Override
  public void endReply(Buffer rawTerminator) {
    switch (framing) {
      case RAW -> {
        if (rawTerminator.length() > 0) {
          batch.appendBuffer(rawTerminator);
        }
      }
      case LINE -> batch.appendByte((byte) '\n');
      case LENGTH -> batch.setInt(replyStart, batch.length() - replyStart - 4);
      default -> throw new AssertionError(framing);
    }
    listener.stats().frameOut(batch.length() - replyStart);
    if (!inChunk) {
      flush();
    }
  }

  @Override
  public void endReply() {
    endReply(terminator);
  }

  /** Writes {@code payload} as one reply frame (raw framing: followed by the message's newline). */
  @Override
  public void reply(Buffer payload) {
    beginReply().appendBuffer(payload);
    endReply();
  }

  /** Like {@link #reply(Buffer)} with an explicit raw-framing terminator (for replies that come later). */
  @Override
  public void reply(Buffer payload, Buffer rawTerminator) {
    beginReply().appendBuffer(payload);
    endReply(rawTerminator);
  }

  /** Closes the connection once the replies written so far are flushed. */
  @Override
  public void closeAfterReplies() {
    closing = true;
    if (!inChunk) {
      flush();
      closeGracefully();
    }
  }

  @Override
  public void broadcast(Buffer payload, Buffer rawTerminator) {
    listener.broadcast(payload, rawTerminator, this);
  }

  /**
   * Closes after flushing; a peer that does not read within {@link #CLOSE_GRACE_MS} is cut off.
   * One timer per connection, cancelled when the close completes (else every closed connection
   * would keep a timer, and its connection, alive for the full grace period).
   */
  private void closeGracefully() {
    socket.close();
    if (graceTimer < 0 && !closed) {
      graceTimer = listener.vertx().setTimer(CLOSE_GRACE_MS, t -> {
        graceTimer = -1;
        if (!closed) {
          abort();
        }
      });
    }
  }

  /** Closes the channel at once, discarding queued writes (a graceful close would wait for a peer that does not read). */
  void abort() {
    closing = true;
    batch = null;
    TcpInternals.closeNow(socket);
  }

  /** Writes the replies batched so far; pauses reading if the client is not keeping up. */
  void flush() {
    Buffer b = batch;
    if (b != null) {
      batch = null;
      socket.write(b);
      if (!writeFull && socket.writeQueueFull()) {
        writeFull = true;
        updateReading();
      }
    }
  }

  /**
   * Writes an already framed buffer that came from the bus (a chat line, an {@code .out} write).
   * The source cannot be paused, so a client that lets more than {@link #SLOW_CONSUMER_BYTES}
   * pile up beyond its full write queue is closed.
   */
  void writeFramed(Buffer framed) {
    if (!isOpen()) {
      return;
    }
    listener.stats().frameOut(framed.length());
    if (!socket.writeQueueFull()) {
      socket.write(framed);
      return;
    }
    int n = framed.length();
    overflow += n;
    if (overflow > SLOW_CONSUMER_BYTES) {
      LOG.warn("tcp {}: closing connection {} from {}: slow consumer ({} bytes waiting beyond a full write queue)",
          listener.name(), id, remote, overflow);
      abort();
      return;
    }
    socket.write(framed).onComplete(ar -> overflow -= n);
  }

  /** Stops reading until a matching {@link #release()} (a service waiting on something). */
  @Override
  public void hold() {
    holds++;
    updateReading();
  }

  @Override
  public void release() {
    holds--;
    if (holds == 0 && decodingStopped && !inChunk && !closing && !closed) {
      decodeSome(NONE); // the frames held back first; reading resumes once they are all handed over
      return;
    }
    updateReading();
  }

  @Override
  public void replyPending() {
    repliesPending++;
  }

  @Override
  public void replyDone() {
    repliesPending--;
    endIfInputEnded();
  }

  private void updateReading() {
    boolean stop = writeFull || holds > 0 || decodingStopped;
    if (stop != readingStopped && !closed) {
      readingStopped = stop;
      if (stop) {
        socket.pause();
      } else {
        socket.resume();
      }
    }
    endIfInputEnded();
  }

  /**
   * The client sent its FIN: once every message it sent has been handled and answered, close
   * (after the replies are flushed). Checked in a task queued behind the one in which Vert.x
   * hands over the chunks it held while reading was paused.
   */
  private void endIfInputEnded() {
    if (inputEnded && idle()) {
      TcpInternals.runLater(socket, listener.vertx(), () -> {
        if (idle()) {
          closeAfterReplies();
        }
      });
    }
  }

  private boolean idle() {
    return !closing && !closed && holds == 0 && repliesPending == 0 && !readingStopped;
  }

  private void onClosed() {
    closed = true;
    if (graceTimer >= 0) {
      listener.vertx().cancelTimer(graceTimer);
      graceTimer = -1;
    }
    if (decoder.buffered() > 0) {
      LOG.debug("tcp {}: connection {} from {} closed mid-frame ({} bytes dropped)", listener.name(), id, remote,
          decoder.buffered());
    }
    listener.onClosed(this);
  }

  @Override
  public String toString() {
    return id + " (" + remote + ")";
  }
}
