package io.netbus.launcher.node;

import io.netbus.contract.NetbusModule;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.security.SecuredModule;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running netbus node: one Vert.x instance with a deployment per present module section (tcp,
 * udp, file, bridge: every module the same way, see {@link Modules}). Starting is
 * all or nothing: if any section fails to deploy, the node closes and the first failure is
 * returned.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;

  private Node(Vertx vertx) {
    this.vertx = vertx;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Deploys every present section on {@code vertx}, the instance the config asks for. */
  public static Future<Node> start(Future<Vertx> vertx, NodeConfig config, List<NetbusModule> modules,
      boolean defaultConfig) {
    return vertx.compose(v -> deployAll(v, config, modules, defaultConfig)
        .map(ok -> new Node(v))
        .recover(err -> v.close().transform(closed -> Future.failedFuture(err))));
  }

  private static Future<Void> deployAll(Vertx vertx, NodeConfig config, List<NetbusModule> modules,
      boolean defaultConfig) {
    List<Future<?>> deployments = new ArrayList<>();
    for (NetbusModule module : modules) {
      JsonObject section = config.json().getJsonObject(module.section());
      if (section != null) {
        deployments.add(module.prepare(vertx, section, defaultConfig)
            .compose(v -> vertx.deployVerticle(rootVerticle(module, config), new DeploymentOptions().setConfig(section))));
      }
    }
    if (deployments.isEmpty()) {
      // `{}` is a valid config, but a node that serves nothing is almost always a mistake
      LOG.warn("the config has none of the sections {}: this node serves nothing",
          modules.stream().map(NetbusModule::section).toList());
    }
    // join, not all: let every deployment finish before the node is closed on a failure.
    return Future.join(deployments).recover(err -> Future.failedFuture(firstCause(deployments, err))).mapEmpty();
  }

  private static Deployable rootVerticle(NetbusModule module, NodeConfig config) {
    return module instanceof SecuredModule secured ? secured.rootVerticle(config.security()) : module.rootVerticle();
  }

  private static Throwable firstCause(List<Future<?>> deployments, Throwable fallback) {
    return deployments.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(fallback);
  }

  /** Undeploys everything (closing listeners, leaving the cluster) and closes Vert.x. */
  public Future<Void> stop() {
    LOG.info("netbus node stopping");
    return vertx.close();
  }
}
