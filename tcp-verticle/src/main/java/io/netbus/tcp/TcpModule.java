package io.netbus.tcp;

import io.netbus.contract.ConfigException;
import io.netbus.security.NodeSecurity;
import io.netbus.security.SecuredModule;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.api.TcpListenerConfig;
import io.netbus.tcp.forward.ForwardConfig;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/**
 * Plugs the TCP listeners and the NetClient verticle into the launcher. Listeners may serve TLS
 * with the node's identity; {@code netbus.tcp.request} may originate TLS verified against
 * {@code tls.ca}. Service listeners are not guarded by the secure-by-default rule (nc and the
 * seeds' clients must keep working off loopback).
 */
public final class TcpModule implements SecuredModule {

  @Override
  public String section() {
    return TcpConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section, NodeSecurity node) {
    TcpConfig config = TcpConfig.from(section);
    for (int i = 0; i < config.listeners().size(); i++) {
      TcpListenerConfig l = config.listeners().get(i);
      String key = TcpConfig.SECTION + ".listeners[" + i + "]";
      node.checkListener(key, "tcp listener '" + l.name() + "'", l.host(), l.security(), false);
      if (l.forward() != null && l.forward().tls() && node.tls().isEmpty()) {
        // the target's certificate is verified against tls.ca: without it nothing could be trusted
        throw new ConfigException(key + ".service." + ForwardConfig.FORWARD + "." + ForwardConfig.TLS,
            "true needs the top-level \"tls\" section (its \"ca\" verifies the target's certificate)");
      }
    }
  }

  @Override
  public Deployable rootVerticle(NodeSecurity node) {
    return new TcpVerticle(node);
  }

  @Override
  public Deployable listenerVerticle() {
    return new TcpVerticle(false, NodeSecurity.NONE);
  }

  @Override
  public Deployable listenerVerticle(NodeSecurity node) {
    return new TcpVerticle(false, node);
  }
}
