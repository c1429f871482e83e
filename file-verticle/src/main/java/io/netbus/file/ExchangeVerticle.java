package io.netbus.file;

import io.netbus.security.AuthSection;
import io.netbus.security.NodeSecurity;
import java.util.Optional;
import io.netbus.file.protocol.FileProtocol;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An {@code exchange} listener: the netbus file protocol (list, get, put) on {@code root}. On
 * undeploy (SIGTERM) it ends its connections itself and waits (briefly) until their partial files
 * are closed, before Vert.x stops the worker threads that disk work runs on.
 */
final class ExchangeVerticle extends FileListenerVerticle {

  /** How long stop() waits for transfers to close their files; the node must exit within 10 s. */
  static final long STOP_WAIT_MS = 3_000;

  private final FileRoot root;
  /** Open connections by socket (one event loop: a plain map). */
  private final Map<NetSocket, ExchangeConnection> open = new HashMap<>();

  private final Optional<AuthSection> auth;

  ExchangeVerticle(FileListenerConfig listener, NodeSecurity node, FileRoot root, String key) {
    super(listener, node, key);
    this.root = root;
    this.auth = node.auth();
  }

  @Override
  protected String describe() {
    return "exchange on " + root.path() + (listener.readOnly() ? ", read-only" : "")
        + (listener.maxFileSize() == null ? "" : ", maxFileSize " + listener.maxFileSize());
  }

  @Override
  protected void serve(NetSocket socket) {
    ExchangeConnection connection = new ExchangeConnection(vertx, socket, root, listener, stats(), auth);
    open.put(socket, connection);
    connection.start();
  }

  @Override
  protected void closed(NetSocket socket) {
    open.remove(socket);
  }

  @Override
  protected Future<?> drain() {
    if (open.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> aborts = List.copyOf(open.values()).stream().map(ExchangeConnection::abort).toList();
    return Future.join(aborts).timeout(STOP_WAIT_MS, TimeUnit.MILLISECONDS).otherwiseEmpty();
  }

  @Override
  protected void refuse(NetSocket socket) {
    socket.end(Buffer.buffer(new JsonObject().put(FileProtocol.OK, false).put(FileProtocol.ERROR, FileProtocol.BUSY)
        .put(FileProtocol.MESSAGE, "too many connections (maxConnections " + listener.maxConnections()
            + "), try again later")
        .encode() + "\n"));
  }
}
