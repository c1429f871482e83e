package io.netbus.file;

import io.netbus.contract.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Root of the file module: binds every listener. (Spine placeholder: push only sends the file.) */
public class FileVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FileVerticle.class);

  @Override
  public Future<?> start() {
    FileConfig config = FileConfig.from(config());
    List<Future<NetServer>> binds = new ArrayList<>();
    for (int i = 0; i < config.listeners().size(); i++) {
      FileListenerConfig listener = config.listeners().get(i);
      String key = FileConfig.SECTION + ".listeners[" + i + "]";
      binds.add(checkPushFile(config, listener, key).compose(v -> bind(config, listener, key)));
    }
    return Future.all(binds);
  }

  private Future<Void> checkPushFile(FileConfig config, FileListenerConfig listener, String key) {
    if (listener.file() == null) {
      return Future.succeededFuture();
    }
    String path = Path.of(config.root()).resolve(listener.file()).toString();
    return vertx.fileSystem().exists(path).compose(exists -> exists
        ? Future.succeededFuture()
        : Future.failedFuture(new ConfigException(key + ".file", "'" + listener.file() + "' does not exist under root '"
            + config.root() + "'")));
  }

  private Future<NetServer> bind(FileConfig config, FileListenerConfig listener, String key) {
    String path = listener.file() == null ? null : Path.of(config.root()).resolve(listener.file()).toString();
    return vertx.createNetServer(new NetServerOptions().setHost(listener.host()).setPort(listener.port()))
        .connectHandler(socket -> {
          if (path != null) {
            socket.sendFile(path).onComplete(ar -> socket.close());
          }
        })
        .listen()
        .onSuccess(server -> LOG.info("file {} listening on {}:{} ({} mode)", listener.name(), listener.host(),
            server.actualPort(), listener.mode()))
        .recover(err -> Future.failedFuture(new ConfigException(key + ".port",
            "cannot listen on " + listener.host() + ":" + listener.port() + ": " + err.getMessage(), err)));
  }
}
