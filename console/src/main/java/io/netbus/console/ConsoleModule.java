package io.netbus.console;

import io.netbus.security.NodeSecurity;
import io.netbus.security.SecuredModule;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * Plugs the {@code metrics} section into the launcher: Prometheus metrics, health and the web
 * console of the node, served with the node's identity ({@code tls}) and clients ({@code auth}).
 * Vert.x's own metrics need the instance to be built with {@link NodeMetrics#enable}; the
 * launcher does that when the section is present. The console also reads two keys of other
 * sections ({@link ConsoleContext}), so the launcher deploys it with
 * {@link #rootVerticle(NodeSecurity, JsonObject)}.
 */
public final class ConsoleModule implements SecuredModule {

  @Override
  public String section() {
    return ConsoleConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section, NodeSecurity node) {
    ConsoleConfig.from(section, node);
  }

  @Override
  public Deployable rootVerticle(NodeSecurity node) {
    return new ConsoleVerticle(node, ConsoleContext.NONE);
  }

  /** The console of a node whose whole (validated) config is {@code nodeConfig}. */
  public Deployable rootVerticle(NodeSecurity node, JsonObject nodeConfig) {
    return new ConsoleVerticle(node, ConsoleContext.from(nodeConfig));
  }
}
