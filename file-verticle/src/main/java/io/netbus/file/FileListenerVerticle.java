package io.netbus.file;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.Admission;
import io.netbus.security.NodeSecurity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every file listener shares: binding (a failed bind names the config key), the start-up
 * line, and {@code maxConnections} (each connection holds a file open, and pushes are long).
 * Subclasses say how to serve a connection and how to turn one away. The connection count is a
 * plain field: the verticle runs on one event loop.
 */
abstract class FileListenerVerticle extends VerticleBase {

  private final Logger log = LoggerFactory.getLogger(getClass());

  protected final FileListenerConfig listener;
  private final String key;
  private int open;
  private NetServer server;
  private ListenerStats stats;
  private final Admission admission;

  FileListenerVerticle(FileListenerConfig listener, NodeSecurity node, String key) {
    this.listener = listener;
    this.key = key;
    // exchange is request-reply: it never writes after the client's close_notify, so BoringSSL may serve it
    this.admission = new Admission("file " + listener.name(), listener.security(), node, null, listener.isExchange());
  }

  /** How the start-up line describes this listener, e.g. {@code push data/file.txt}. */
  protected abstract String describe();

  /** Serves an admitted connection. */
  protected abstract void serve(NetSocket socket);

  /** Turns a connection away when {@code maxConnections} are open, and closes it. */
  protected abstract void refuse(NetSocket socket);

  @Override
  public Future<?> start() {
    stats = NodeStats.of(vertx).retain(FileConfig.SECTION, listener.name());
    return admission.prepare(vertx).compose(v -> vertx.createNetServer(ListenerBinding.options(listener))
        .connectHandler(this::onAccept)
        .listen())
        .onSuccess(s -> {
          server = s;
          stats.address(listener.host() + ":" + s.actualPort()).tls(admission.tls());
          log.info("file {} listening on {}:{} ({}{})", listener.name(), listener.host(), s.actualPort(), describe(),
              admission.tls() ? ", TLS" : "");
        })
        .onFailure(err -> NodeStats.of(vertx).release(stats))
        .recover(err -> ListenerBinding.failedBind(listener, key, err));
  }

  @Override
  public final Future<?> stop() {
    return drain().andThen(ar -> NodeStats.of(vertx).release(stats));
  }

  /** Ends what the listener still serves before it stops. */
  protected Future<?> drain() {
    return Future.succeededFuture();
  }

  /** This listener's counters on this node. */
  protected ListenerStats stats() {
    return stats;
  }

  int actualPort() {
    return server.actualPort();
  }

  /** Network rules and TLS before the connection counts against maxConnections. */
  private void onAccept(NetSocket socket) {
    admission.admit(socket, this::onConnect);
  }

  private void onConnect(NetSocket socket) {
    if (open >= listener.maxConnections()) {
      log.debug("file {}: refusing {}: {} connections open (maxConnections)", listener.name(), socket.remoteAddress(),
          open);
      stats.refused();
      refuse(socket);
      return;
    }
    open++;
    stats.opened();
    socket.closeHandler(v -> {
      open--;
      stats.closed();
      closed(socket);
    });
    serve(socket);
  }

  /** An admitted connection closed (its close handler belongs to this class). */
  protected void closed(NetSocket socket) {
  }
}
