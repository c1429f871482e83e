package io.netbus.contract;

import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * How the launcher deploys a module without knowing its insides: the section it owns, a
 * validation that throws {@link ConfigException} before anything binds, an optional preparation
 * step, and the root verticle that deploys the module's endpoints from its section.
 */
public interface NetbusModule {

  /** The key of the listener list in a module's section. */
  String LISTENERS = "listeners";

  /** The top-level config key this module owns, e.g. {@code tcp}. */
  String section();

  /** Parses and checks the section; throws {@link ConfigException} with the full key path. */
  void validate(JsonObject section);

  /**
   * Runs before deployment. {@code defaultConfig} is true when the node runs on the built-in
   * default config, so a module may create sample data the default config refers to.
   */
  default Future<Void> prepare(Vertx vertx, JsonObject section, boolean defaultConfig) {
    return Future.succeededFuture();
  }

  /** A new root verticle; its {@code config()} is the section. */
  Deployable rootVerticle();

  /**
   * A new verticle that serves only the listeners of its {@code config()} section, without the
   * module's client side. The launcher deploys each listener on its own this way (the section
   * with {@code listeners} holding just that one) and the root with an empty list, so it can
   * start, stop or replace one listener at run time while the others keep their connections.
   * Null when the module's listeners can only be deployed by the root.
   */
  default Deployable listenerVerticle() {
    return null;
  }
}
