package io.netbus.file;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.netbus.file.protocol.FileProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@code exchange} listener: the netbus file protocol (list, get, put) on {@code root}. */
final class ExchangeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ExchangeVerticle.class);

  private final FileListenerConfig listener;
  private final FileRoot root;
  private final String key;
  private final ConnectionLimit limit;
  private NetServer server;

  ExchangeVerticle(FileListenerConfig listener, FileRoot root, String key) {
    this.listener = listener;
    this.root = root;
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
          LOG.info("file {} listening on {}:{} (exchange on {}{}{})", listener.name(), listener.host(), s.actualPort(),
              root.path(), listener.readOnly() ? ", read-only" : "",
              listener.maxFileSize() == null ? "" : ", maxFileSize " + listener.maxFileSize());
        })
        .recover(err -> ListenerBinding.failedBind(listener, key, err));
  }

  private void onConnect(NetSocket socket) {
    if (limit.admit(socket)) {
      new ExchangeConnection(vertx, socket, root, listener).start();
      return;
    }
    LOG.debug("file {}: refusing {}: {} connections open (maxConnections)", listener.name(), socket.remoteAddress(),
        limit.max());
    socket.end(Buffer.buffer(new JsonObject().put(FileProtocol.OK, false).put(FileProtocol.ERROR, FileProtocol.BUSY)
        .put(FileProtocol.MESSAGE, "too many connections (maxConnections " + limit.max() + "), try again later")
        .encode() + "\n"));
  }

  int actualPort() {
    return server.actualPort();
  }
}
