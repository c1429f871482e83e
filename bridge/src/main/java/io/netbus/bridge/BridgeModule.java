package io.netbus.bridge;

import io.netbus.contract.NetbusModule;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * The TCP event-bus bridge as a netbus module: it owns the {@code bridge} section, validates it
 * into a {@link BridgeConfig} and deploys one {@link BridgeVerticle}, so a node deploys the bridge
 * the same way as the tcp, udp and file modules.
 */
public final class BridgeModule implements NetbusModule {

  /** The top-level config key this module owns. */
  public static final String SECTION = "bridge";

  @Override
  public String section() {
    return SECTION;
  }

  @Override
  public void validate(JsonObject section) {
    BridgeConfig.from(section);
  }

  @Override
  public Deployable rootVerticle() {
    return new BridgeVerticle();
  }
}
