package io.netbus.console;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/** A node as the launcher builds it (Vert.x metrics on) with the console on an ephemeral port. */
final class ConsoleNode {

  final Vertx vertx;
  private final ConsoleVerticle console = new ConsoleVerticle();

  private ConsoleNode(Vertx vertx) {
    this.vertx = vertx;
  }

  static ConsoleNode create() {
    VertxOptions options = new VertxOptions();
    return new ConsoleNode(Vertx.builder().withMetrics(NodeMetrics.enable(options)).with(options).build());
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
