package io.netbus.launcher.node;

import io.netbus.contract.NetbusModule;
import io.netbus.contract.NodeInfo;
import io.netbus.launcher.admin.AdminVerticle;
import io.netbus.launcher.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running netbus node: one Vert.x instance that holds a name unique in its cluster, a
 * deployment per module root and per listener ({@link Deployments}; every module the same way,
 * see {@link Modules}), and the admin API. Starting
 * is all or nothing: if the name is taken or any part fails to deploy, the node closes and the
 * first failure is returned.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** A leaving node frees its name within this; past it, the others free it when the member is gone. */
  static final long RELEASE_NAME_MS = 1000;

  private final Vertx vertx;
  private final NodeInfo info;
  private final Deployments deployments;

  private Node(Vertx vertx, NodeInfo info, Deployments deployments) {
    this.vertx = vertx;
    this.info = info;
    this.deployments = deployments;
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeInfo info() {
    return info;
  }

  /** Deploys every present section on {@code vertx}, the instance the config asks for; no reload source. */
  public static Future<Node> start(Future<Vertx> vertx, NodeConfig config, List<NetbusModule> modules,
      boolean defaultConfig) {
    return start(vertx, config, modules, defaultConfig, null);
  }

  /**
   * Claims the node's name, then deploys every present section and the admin API. {@code source}
   * re-reads the config file for {@link #reload} ({@code netbus reload}, SIGHUP).
   */
  public static Future<Node> start(Future<Vertx> vertx, NodeConfig config, List<NetbusModule> modules,
      boolean defaultConfig, Function<Vertx, Future<NodeConfig>> source) {
    return vertx.compose(v -> {
      Deployments deployments = new Deployments(v, modules, source);
      // context-free: the futures of the chain below belong to an event loop that a failed start closes
      Promise<Node> started = Promise.promise();
      NodeNames.claim(v, config)
          .compose(info -> {
            NodeInfo.set(v, info);
            ClusterMembers.of(v).ifPresent(cluster -> cluster.watch(v, info.name()));
            return deployments.start(config, defaultConfig)
                .compose(ok -> v.deployVerticle(new AdminVerticle(deployments)))
                .map(ok -> new Node(v, info, deployments));
          })
          .onSuccess(started::complete)
          .onFailure(err -> closeOffVertx(v).onComplete(closed -> started.fail(err)));
      return started.future();
    });
  }

  /**
   * Closes {@code vertx} from a thread of its own: a close begun on an event loop (where a failed
   * start ends up) reports back to that loop, which the close stops, and never completes.
   */
  private static Future<Void> closeOffVertx(Vertx vertx) {
    Promise<Void> closed = Promise.promise();
    Thread closer = new Thread(() -> vertx.close().onComplete(closed), "netbus-close");
    closer.setDaemon(true);
    closer.start();
    return closed.future();
  }

  /** Re-reads the config file and applies what changed (SIGHUP); see {@link Deployments#reload}. */
  public Future<JsonObject> reload() {
    return deployments.reload();
  }

  /**
   * Frees the node's name in the cluster (a graceful leave; a crashed node's name is freed by the
   * others when Hazelcast drops it). Bounded: a node that cannot reach the registry leaves anyway.
   */
  public Future<Void> releaseName() {
    return NodeNames.release(vertx, info).timeout(RELEASE_NAME_MS, TimeUnit.MILLISECONDS)
        .onFailure(err -> LOG.debug("could not free the node name {} before leaving", info.name(), err));
  }

  /**
   * Undeploys everything (closing listeners, leaving the cluster) and closes Vert.x. Call it from
   * outside Vert.x: a close started on an event loop reports back to that loop, which it stops.
   */
  public Future<Void> stop() {
    LOG.info("netbus node stopping");
    return vertx.close();
  }
}
