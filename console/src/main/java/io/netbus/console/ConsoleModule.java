package io.netbus.console;

import io.netbus.contract.NetbusModule;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * Plugs the {@code metrics} section into the launcher: Prometheus metrics, health and the web
 * console of the node. Vert.x's own metrics need the instance to be built with
 * {@link NodeMetrics#enable}; the launcher does that when the section is present.
 */
public final class ConsoleModule implements NetbusModule {

  @Override
  public String section() {
    return ConsoleConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section) {
    ConsoleConfig.from(section);
  }

  @Override
  public Deployable rootVerticle() {
    return new ConsoleVerticle();
  }
}
