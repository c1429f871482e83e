package io.netbus.tcp.forward;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listening on a unix domain socket ({@code "host": "unix:/path"}): it needs the native
 * transport; the directory must exist; a socket file left by a process that died is removed,
 * but only when nothing answers on it (a live one is "in use", as a bound port would be).
 */
public final class UnixSockets {

  private static final Logger LOG = LoggerFactory.getLogger(UnixSockets.class);
  private static final int PROBE_TIMEOUT_MS = 1000;

  private UnixSockets() {
  }

  /** Why the native transport is off, in a user's words. */
  public static String nativeTransportProblem(Vertx vertx) {
    Throwable cause = vertx.unavailableNativeTransportCause();
    return cause == null ? "Vert.x runs on NIO (start it with preferNativeTransport)" : String.valueOf(cause
        .getMessage());
  }

  /**
   * Makes {@code path} ready to bind; fails with a ConfigException naming {@code hostKey} when it
   * cannot be.
   */
  public static Future<SocketAddress> prepareListen(Vertx vertx, String hostKey, String path) {
    if (!vertx.isNativeTransportEnabled()) {
      return Future.failedFuture(new ConfigException(hostKey, "unix socket " + ForwardTarget.UNIX + path
          + " needs the native transport (epoll), which is not available: " + nativeTransportProblem(vertx)));
    }
    FileSystem fs = vertx.fileSystem();
    Path parent = Path.of(path).toAbsolutePath().getParent();
    String where = ForwardTarget.UNIX + path;
    return fs.exists(parent.toString())
        .compose(dirExists -> dirExists ? fs.exists(path) : Future.failedFuture(new ConfigException(hostKey,
            where + ": the directory " + parent + " does not exist")))
        .compose(exists -> exists ? removeIfStale(vertx, hostKey, path) : Future.succeededFuture())
        .map(v -> SocketAddress.domainSocketAddress(path));
  }

  private static Future<Void> removeIfStale(Vertx vertx, String hostKey, String path) {
    String where = ForwardTarget.UNIX + path;
    return vertx.fileSystem().lprops(path)
        .compose(props -> props.isOther() ? Future.succeededFuture() : Future.failedFuture(new ConfigException(
            hostKey, where + " exists and is not a socket")))
        .compose(v -> {
          var probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(PROBE_TIMEOUT_MS));
          return probe.connect(SocketAddress.domainSocketAddress(path))
              .transform(ar -> {
                probe.close();
                if (ar.succeeded()) {
                  ar.result().close();
                  return Future.failedFuture(new ConfigException(hostKey, where
                      + " is in use: something listens on it"));
                }
                LOG.info("removing stale unix socket {} (nothing listens on it)", path);
                return vertx.fileSystem().delete(path);
              });
        });
  }
}
