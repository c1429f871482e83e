package io.netbus.file;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code push} listener (seed 003): every client that connects gets the configured file,
 * zero-copy ({@code sendfile}), and then the connection closes, so {@code nc host port > f}
 * or a recv-until-EOF loop receives it byte for byte.
 */
final class PushVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PushVerticle.class);

  private final FileListenerConfig listener;
  private final Path file;
  private final String key;
  private final ConnectionLimit limit;
  private NetServer server;

  PushVerticle(FileListenerConfig listener, Path file, String key) {
    this.listener = listener;
    this.file = file;
    this.key = key;
    this.limit = new ConnectionLimit(listener.maxConnections());
  }

  @Override
  public Future<?> start() {
    return vertx.createNetServer(ListenerBinding.options(listener))
        .connectHandler(this::onConnect)
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("file {} listening on {}:{} (push {})", listener.name(), listener.host(), s.actualPort(), file);
        })
        .recover(err -> ListenerBinding.failedBind(listener, key, err));
  }

  int actualPort() {
    return server.actualPort();
  }

  private void onConnect(NetSocket socket) {
    if (!limit.admit(socket)) {
      // nothing written: a push client's output is the file, a message would corrupt it.
      LOG.debug("file {}: refusing {}: {} connections open (maxConnections)", listener.name(),
          socket.remoteAddress(), limit.max());
      socket.close();
      return;
    }
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
