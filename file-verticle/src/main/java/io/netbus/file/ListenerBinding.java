package io.netbus.file;

import io.netbus.contract.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.concurrent.TimeUnit;

/** The server options of a file listener, and the config error a failed bind becomes. */
final class ListenerBinding {

  private ListenerBinding() {
  }

  static NetServerOptions options(FileListenerConfig listener) {
    return new NetServerOptions()
        .setHost(listener.host())
        .setPort(listener.port())
        .setTcpNoDelay(true)
        .setIdleTimeout(listener.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  static Future<NetServer> failedBind(FileListenerConfig listener, String key, Throwable err) {
    return Future.failedFuture(new ConfigException(key + ".port",
        "cannot listen on " + listener.host() + ":" + listener.port() + ": " + err.getMessage(), err));
  }
}
