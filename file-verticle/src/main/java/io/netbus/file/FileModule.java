package io.netbus.file;

import io.netbus.security.NodeSecurity;
import io.netbus.security.SecuredModule;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugs the file listeners and the file client into the launcher. An exchange listener is
 * guarded: off loopback it needs TLS and authentication, or {@code "insecure": true}.
 */
public final class FileModule implements SecuredModule {

  static final String SAMPLE_TEXT = "netbus sample file: `nc 127.0.0.1 9000 > f` receives this file.\n";

  @Override
  public String section() {
    return FileConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section, NodeSecurity node) {
    FileConfig config = FileConfig.from(section);
    for (int i = 0; i < config.listeners().size(); i++) {
      FileListenerConfig l = config.listeners().get(i);
      node.checkListener(FileConfig.SECTION + ".listeners[" + i + "]",
          "the " + l.mode() + " listener '" + l.name() + "'", l.host(), l.security(), l.isExchange());
    }
  }

  /** On the default config, creates the root and the sample push file so a fresh clone just runs. */
  @Override
  public Future<Void> prepare(Vertx vertx, JsonObject section, boolean defaultConfig) {
    if (!defaultConfig) {
      return Future.succeededFuture();
    }
    FileConfig config = FileConfig.from(section);
    FileSystem fs = vertx.fileSystem();
    return fs.mkdirs(config.root()).compose(v -> {
      List<Future<Void>> samples = new ArrayList<>();
      for (FileListenerConfig listener : config.listeners()) {
        if (listener.file() != null) {
          String path = Path.of(config.root()).resolve(listener.file()).toString();
          samples.add(fs.exists(path).compose(exists -> exists
              ? Future.succeededFuture()
              : fs.writeFile(path, Buffer.buffer(SAMPLE_TEXT))));
        }
      }
      return Future.all(samples).mapEmpty();
    });
  }

  @Override
  public Deployable rootVerticle(NodeSecurity node) {
    return new FileVerticle(node);
  }

  @Override
  public Deployable listenerVerticle() {
    return new FileVerticle(false, NodeSecurity.NONE);
  }

  @Override
  public Deployable listenerVerticle(NodeSecurity node) {
    return new FileVerticle(false, node);
  }
}
