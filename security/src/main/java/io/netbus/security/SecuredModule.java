package io.netbus.security;

import io.netbus.contract.NetbusModule;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * A module whose listeners or clients use the node's identity ({@code tls}) or its clients
 * ({@code auth}). The launcher reads both sections once, at validation, into a
 * {@link NodeSecurity} and hands that object to the module, so no verticle re-reads PEM files on
 * an event loop and no key material travels in a verticle's JSON config.
 */
public interface SecuredModule extends NetbusModule {

  /** Checks the section against the node's security (e.g. {@code "tls": true} needs {@code tls}). */
  void validate(JsonObject section, NodeSecurity node);

  /** A new root verticle that serves the section with the node's security. */
  Deployable rootVerticle(NodeSecurity node);

  /**
   * A new verticle serving only the section's listeners with the node's security (see
   * {@link NetbusModule#listenerVerticle()}). By default only a node without security gets one:
   * a module must override this before its listeners can be deployed one by one with TLS or auth.
   */
  default Deployable listenerVerticle(NodeSecurity node) {
    return NodeSecurity.NONE.equals(node) ? listenerVerticle() : null;
  }

  @Override
  default void validate(JsonObject section) {
    validate(section, NodeSecurity.NONE);
  }

  @Override
  default Deployable rootVerticle() {
    return rootVerticle(NodeSecurity.NONE);
  }
}
