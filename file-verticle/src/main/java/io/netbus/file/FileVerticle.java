package io.netbus.file;

import io.netbus.contract.ConfigException;
import io.netbus.security.NodeSecurity;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.Names;
import io.netbus.file.protocol.Sha256;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Root of the file module: opens the root (creating it, removing partial uploads an earlier run
 * left), then deploys one verticle per listener and the {@code netbus.file.*} bus API.
 */
public class FileVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FileVerticle.class);
  static final long SWEEP_EVERY_MILLIS = 10 * 60 * 1000L;

  /** Local shared data: real root path → its FileRoot, so listeners deployed on their own share one. */
  private static final String ROOTS = "netbus.file.roots";

  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final boolean withBusApi;
  private FileRoot root;
  private final NodeSecurity node;

  /** Without the node's tls and auth sections: round 1 behaviour (tests, embedding). */
  public FileVerticle() {
    this(NodeSecurity.NONE);
  }

  /** With the node's identity and clients, read once by the launcher. */
  public FileVerticle(NodeSecurity node) {
    this(true, node);
  }

  /** {@code withBusApi} false: the listeners alone (the launcher deploys each listener on its own). */
  FileVerticle(boolean withBusApi, NodeSecurity node) {
    this.withBusApi = withBusApi;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Sha256.warmUpInBackground();
    FileConfig config = FileConfig.from(config());
    return vertx.executeBlocking(() -> {
      Path dir = Path.of(config.root());
      Files.createDirectories(dir);
      // one FileRoot per directory and node: its busy-name set guards puts across listeners
      return shared(dir.toRealPath());
    }).recover(err -> Future.failedFuture(new ConfigException(FileConfig.SECTION + ".root",
        "'" + config.root() + "' cannot be used as the file root: " + err, err)))
        .compose(r -> {
          root = r;
          List<Future<?>> deployments = new ArrayList<>();
          for (int i = 0; i < config.listeners().size(); i++) {
            deployments.add(deployListener(config.listeners().get(i), FileConfig.SECTION + ".listeners[" + i + "]"));
          }
          if (withBusApi) {
            deployments.add(vertx.deployVerticle(new FileBusVerticle(root, config.maxRequests(), node,
                config.targetRules())));
          }
          // join, not all: every child deployment settles before a failure undeploys this one
          return Future.join(deployments).recover(err -> Future.failedFuture(
              deployments.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(err)));
        })
        .onSuccess(v -> {
          if (withBusApi) {
            vertx.setPeriodic(SWEEP_EVERY_MILLIS, id -> sweep());
          }
        });
  }

  /**
   * The node's FileRoot of {@code dir}. The module's root verticle opens it afresh (sweeping the
   * partial uploads an earlier run left) and shares it; listeners deployed on their own, after it,
   * use the shared one, so the busy-name set guards puts across listeners and the bus API. Blocking.
   */
  private FileRoot shared(Path dir) throws java.io.IOException {
    io.vertx.core.shareddata.LocalMap<String, SharedRoot> roots = vertx.sharedData().getLocalMap(ROOTS);
    synchronized (roots) {
      SharedRoot known = roots.get(dir.toString());
      if (known != null && !withBusApi) {
        return known.root();
      }
      FileRoot opened = FileRoot.open(dir);
      roots.put(dir.toString(), new SharedRoot(opened));
      return opened;
    }
  }

  private record SharedRoot(FileRoot root) implements io.vertx.core.shareddata.Shareable {
  }

  private Future<?> deployListener(FileListenerConfig listener, String key) {
    if (listener.mode().equals(FileListenerConfig.EXCHANGE)) {
      ExchangeVerticle v = new ExchangeVerticle(listener, node, root, key);
      return vertx.deployVerticle(v).onSuccess(id -> ports.put(listener.name(), v.actualPort()));
    }
    return pushFile(listener, key).compose(file -> {
      PushVerticle v = new PushVerticle(listener, node, file, key);
      return vertx.deployVerticle(v).onSuccess(id -> ports.put(listener.name(), v.actualPort()));
    });
  }

  /** The push file must be a regular file inside the root. */
  private Future<Path> pushFile(FileListenerConfig listener, String key) {
    return vertx.executeBlocking(() -> {
      try {
        Names.check(listener.file());
        return root.resolveForRead(listener.file()).path();
      } catch (FileError e) {
        throw new ConfigException(key + ".file", e.getMessage().replace("does not exist",
            "does not exist under root '" + root.path() + "'"));
      }
    }, false);
  }

  private void sweep() {
    vertx.executeBlocking(() -> root.sweepPartials(FileRoot.PARTIAL_TTL_MILLIS), false)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("removed {} partial upload(s) untouched for an hour", n);
          }
        })
        .onFailure(err -> LOG.warn("cannot sweep partial uploads in {}", root.path(), err));
  }

  /** The port each listener bound (useful with port 0), by listener name. */
  public Map<String, Integer> actualPorts() {
    return Map.copyOf(ports);
  }
}
