package io.netbus.file;

import io.netbus.contract.NetbusModule;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plugs the file listeners and the file client into the launcher. */
public final class FileModule implements NetbusModule {

  static final String SAMPLE_TEXT = "netbus sample file: `nc 127.0.0.1 9000 > f` receives this file.\n";

  @Override
  public String section() {
    return FileConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section) {
    FileConfig.from(section);
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
  public Deployable rootVerticle() {
    return new FileVerticle();
  }

  @Override
  public Deployable listenerVerticle() {
    return new FileVerticle(false);
  }
}
