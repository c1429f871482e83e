package io.netbus.file;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@code exchange} listener: the netbus file protocol (list, get, put) on {@code root}. */
final class ExchangeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ExchangeVerticle.class);

  private final FileListenerConfig listener;
  private final FileRoot root;
  private final String key;
  private NetServer server;

  ExchangeVerticle(FileListenerConfig listener, FileRoot root, String key) {
    this.listener = listener;
    this.root = root;
    this.key = key;
  }

  @Override
  public Future<?> start() {
    return vertx.createNetServer(ListenerBinding.options(listener))
        .connectHandler(socket -> new ExchangeConnection(vertx, socket, root, listener).start())
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("file {} listening on {}:{} (exchange on {}{}{})", listener.name(), listener.host(), s.actualPort(),
              root.path(), listener.readOnly() ? ", read-only" : "",
              listener.maxFileSize() == null ? "" : ", maxFileSize " + listener.maxFileSize());
        })
        .recover(err -> ListenerBinding.failedBind(listener, key, err));
  }

  int actualPort() {
    return server.actualPort();
  }
}
