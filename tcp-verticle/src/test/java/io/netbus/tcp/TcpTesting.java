package io.netbus.tcp;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Deploys the TCP module as the launcher does and waits (with a bound) from the test thread. */
final class TcpTesting {

  private TcpTesting() {
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** A listener on 127.0.0.1, ephemeral port. */
  static JsonObject listener(String name, Object service, String framing) {
    return new JsonObject().put("name", name).put("port", 0).put("service", service).put("framing", framing);
  }

  static JsonObject section(int instances, JsonObject... listeners) {
    return new JsonObject().put("instances", instances).put("listeners", new JsonArray(java.util.List.of((Object[]) listeners)));
  }

  /** Deploys the root verticle with {@code section}; returns listener name → bound port. */
  static Map<String, Integer> deploy(Vertx vertx, JsonObject section) throws Exception {
    TcpVerticle root = new TcpVerticle();
    await(vertx.deployVerticle(root, new DeploymentOptions().setConfig(section)));
    return root.actualPorts();
  }
}
