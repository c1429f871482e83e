package io.netbus.console;

import io.netbus.security.NodeSecurity;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/** A node as the launcher builds it (Vert.x metrics on) with the console on an ephemeral port. */
final class ConsoleNode {

  final Vertx vertx;
  private final ConsoleVerticle console;

  private ConsoleNode(Vertx vertx, ConsoleVerticle console) {
    this.vertx = vertx;
    this.console = console;
  }

  static ConsoleNode create() {
    return create(NodeSecurity.NONE, ConsoleContext.NONE);
  }

  /** A node with the given identity and clients, and the given file/bridge sections as the console sees them. */
  static ConsoleNode create(NodeSecurity security, ConsoleContext context) {
    VertxOptions options = new VertxOptions();
    return new ConsoleNode(Vertx.builder().withMetrics(NodeMetrics.enable(options)).with(options).build(),
        new ConsoleVerticle(security, context));
  }

  /** Deploys the console with {@code section} plus {@code "port": 0}. */
  Future<ConsoleNode> deploy(JsonObject section) {
    JsonObject config = section.copy().put("port", 0);
    return vertx.deployVerticle(console, new DeploymentOptions().setConfig(config)).map(id -> this);
  }

  int port() {
    return console.actualPort();
  }

  Future<Void> close() {
    return vertx.close();
  }
}
