package io.netbus.file;

import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code push} listener (seed 003): every client that connects gets the configured file,
 * zero-copy ({@code sendfile}), and then the connection closes, so {@code nc host port > f}
 * or a recv-until-EOF loop receives it byte for byte.
 */
final class PushVerticle extends FileListenerVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(PushVerticle.class);

  private final Path file;

  PushVerticle(FileListenerConfig listener, Path file, String key) {
    super(listener, key);
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
    socket.sendFile(file.toString())
        .onSuccess(v -> LOG.debug("file {}: pushed {} to {} in {} ms", listener.name(), file, socket.remoteAddress(),
            (System.nanoTime() - t0) / 1_000_000))
        .onFailure(err -> LOG.warn("file {}: push of {} to {} failed: {}", listener.name(), file, socket.remoteAddress(),
            err.toString()))
        .onComplete(ar -> socket.close());
  }
}
