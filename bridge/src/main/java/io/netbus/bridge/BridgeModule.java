package io.netbus.bridge;

import io.netbus.security.NodeSecurity;
import io.netbus.security.SecuredModule;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * The TCP event-bus bridge as a netbus module: it owns the {@code bridge} section, validates it
 * into a {@link BridgeConfig} (including the secure-by-default rule: off loopback the bridge
 * needs TLS and authentication, or {@code "insecure": true}) and deploys one
 * {@link BridgeVerticle} with the node's identity and clients, so a node deploys the bridge the
 * same way as the tcp, udp and file modules.
 */
public final class BridgeModule implements SecuredModule {

  /** The top-level config key this module owns. */
  public static final String SECTION = "bridge";

  @Override
  public String section() {
    return SECTION;
  }

  @Override
  public void validate(JsonObject section, NodeSecurity node) {
    BridgeConfig config = BridgeConfig.from(section);
    node.checkListener(SECTION, "the bridge", config.host(), config.security(), true);
  }

  @Override
  public Deployable rootVerticle(NodeSecurity node) {
    return new BridgeVerticle(node);
  }
}
