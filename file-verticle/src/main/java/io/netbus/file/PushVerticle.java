package io.netbus.file;

import io.netbus.security.NodeSecurity;
import io.netbus.file.protocol.FileError;
import io.vertx.core.Future;
import io.netbus.security.FileSends;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code push} listener (seed 003): every client that connects gets the configured file,
 * zero-copy ({@code sendfile}), and then the connection closes, so {@code nc host port > f}
 * or a recv-until-EOF loop receives it byte for byte. A client that leaves early is an ordinary
 * event (INFO, not a warning); on undeploy (SIGTERM) the pushes still running are aborted by
 * closing their connections, and said so at INFO.
 */
final class PushVerticle extends FileListenerVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(PushVerticle.class);

  private final Path file;
  /** Connections whose push is still running (one event loop: plain fields). */
  private final Set<NetSocket> pushing = new HashSet<>();
  private boolean stopping;

  PushVerticle(FileListenerConfig listener, NodeSecurity node, Path file, String key) {
    super(listener, node, key);
    this.file = file;
  }

  @Override
  protected String describe() {
    return "push " + file;
  }

  @Override
  protected void refuse(NetSocket socket) {
    // nothing written: a push client's output is the file, a message would corrupt it.
    socket.close();
  }

  @Override
  protected void serve(NetSocket socket) {
    socket.exceptionHandler(err -> LOG.debug("file {}: {}: {}", listener.name(), socket.remoteAddress(), err.toString()));
    long t0 = System.nanoTime();
    pushing.add(socket);
    FileSends.sendFile(socket, file)
        .onSuccess(v -> LOG.debug("file {}: pushed {} to {} in {} ms", listener.name(), file, socket.remoteAddress(),
            (System.nanoTime() - t0) / 1_000_000))
        .onFailure(err -> onFailure(socket, err))
        .onComplete(ar -> {
          pushing.remove(socket);
          socket.close();
        });
  }

  private void onFailure(NetSocket socket, Throwable err) {
    if (stopping) {
      LOG.info("file {}: push of {} to {} aborted: the node is stopping", listener.name(), file, socket.remoteAddress());
    } else if (err instanceof IOException) {
      // the client closed or reset the connection (nc | head, Ctrl-C): its choice, not a fault.
      LOG.info("file {}: push of {} to {} ended early: {}", listener.name(), file, socket.remoteAddress(),
          FileError.messageOf(err));
    } else {
      LOG.warn("file {}: push of {} to {} failed: {}", listener.name(), file, socket.remoteAddress(), err.toString(),
          err);
    }
  }

  @Override
  protected Future<?> drain() {
    stopping = true;
    if (!pushing.isEmpty()) {
      LOG.info("file {}: aborting {} push(es): the node is stopping", listener.name(), pushing.size());
      // a copy: closing completes sendFile, whose handler removes the socket from the set.
      Set.copyOf(pushing).forEach(NetSocket::close);
    }
    return Future.succeededFuture();
  }
}
