package io.netbus.file;

import io.netbus.file.protocol.FileProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;

/** An {@code exchange} listener: the netbus file protocol (list, get, put) on {@code root}. */
final class ExchangeVerticle extends FileListenerVerticle {

  private final FileRoot root;

  ExchangeVerticle(FileListenerConfig listener, FileRoot root, String key) {
    super(listener, key);
    this.root = root;
  }

  @Override
  protected String describe() {
    return "exchange on " + root.path() + (listener.readOnly() ? ", read-only" : "")
        + (listener.maxFileSize() == null ? "" : ", maxFileSize " + listener.maxFileSize());
  }

  @Override
  protected void serve(NetSocket socket) {
    new ExchangeConnection(vertx, socket, root, listener).start();
  }

  @Override
  protected void refuse(NetSocket socket) {
    socket.end(Buffer.buffer(new JsonObject().put(FileProtocol.OK, false).put(FileProtocol.ERROR, FileProtocol.BUSY)
        .put(FileProtocol.MESSAGE, "too many connections (maxConnections " + listener.maxConnections()
            + "), try again later")
        .encode() + "\n"));
  }
}
