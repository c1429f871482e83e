package io.netbus.tcp.forward;

import io.netbus.tcp.server.TcpInternals;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded connection: the accepted client socket joined to its target socket by a
 * {@link Pipe} each way. A half-close travels through (on a TLS leg as a close_notify); the pair is closed once both directions
 * have ended, or as soon as either socket closes or fails (the other is closed after the bytes
 * already queued for it are written).
 */
final class ForwardSession {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardSession.class);

  private final String id;
  private final NetSocket client;
  private final NetSocket target;
  private final Pipe up;
  private final Pipe down;
  private final Runnable onClosed;
  private int closedSockets;

  /**
   * @param clientHalfClose the client socket already passes its FIN in band ({@link TcpInternals#endInBand})
   * @param bytesUp counts bytes client → target; {@code bytesDown} target → client
   * @param onClosed runs once, when both sockets are closed
   */
  ForwardSession(String id, NetSocket client, boolean clientHalfClose, NetSocket target, AtomicLong bytesUp,
      AtomicLong bytesDown, Runnable onClosed) {
    this.id = id;
    this.client = client;
    this.target = target;
    this.onClosed = onClosed;
    // Both ends must keep their socket open after a FIN for a half-close to travel; else neither does.
    boolean halfClose = clientHalfClose & TcpInternals.endInBand(target);
    this.up = new Pipe(client, target, halfClose, bytesUp::addAndGet);
    this.down = new Pipe(target, client, halfClose, bytesDown::addAndGet);
  }

  void start() {
    // endHandler, not closeHandler: it runs after the last chunk read before the close was handled.
    client.endHandler(v -> up.fromEnded().onComplete(ar -> TcpInternals.closeAfterFlush(target)));
    target.endHandler(v -> down.fromEnded().onComplete(ar -> TcpInternals.closeAfterFlush(client)));
    client.closeHandler(v -> onSocketClosed());
    target.closeHandler(v -> onSocketClosed());
    client.exceptionHandler(err -> LOG.debug("forward {}: client socket failed", id, err));
    target.exceptionHandler(err -> LOG.debug("forward {}: target socket failed", id, err));
    up.start();
    down.start();
    Future.all(up.ended(), down.ended()).onComplete(ar -> {
      TcpInternals.closeAfterFlush(client);
      TcpInternals.closeAfterFlush(target);
    });
  }

  private void onSocketClosed() {
    if (++closedSockets == 2) {
      onClosed.run();
    }
  }
}
