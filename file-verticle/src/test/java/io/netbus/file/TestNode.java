package io.netbus.file;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Deploys a file module on a temp root with ephemeral ports; blocking helpers for test threads only. */
final class TestNode {

  final Vertx vertx;
  final Path root;
  final String deploymentId;
  final Map<String, Integer> ports;

  private TestNode(Vertx vertx, Path root, String deploymentId, Map<String, Integer> ports) {
    this.vertx = vertx;
    this.root = root;
    this.deploymentId = deploymentId;
    this.ports = ports;
  }

  static TestNode start(Vertx vertx, Path root, JsonObject... listeners) throws Exception {
    JsonObject section = new JsonObject().put("root", root.toString()).put("listeners", new JsonArray(java.util.List.of((Object[]) listeners)));
    FileVerticle verticle = new FileVerticle();
    String id = await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(section)));
    return new TestNode(vertx, root, id, verticle.actualPorts());
  }

  static JsonObject exchange(String name) {
    return new JsonObject().put("name", name).put("port", 0).put("mode", "exchange");
  }

  static JsonObject push(String name, String file) {
    return new JsonObject().put("name", name).put("port", 0).put("mode", "push").put("file", file);
  }

  int port(String name) {
    return ports.get(name);
  }

  void stop() throws Exception {
    await(vertx.undeploy(deploymentId));
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception c) {
        throw c;
      }
      throw e;
    }
  }

  static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
