package io.netbus.udp;

import io.netbus.contract.NetbusModule;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/** Plugs the UDP listeners and the datagram sender into the launcher. */
public final class UdpModule implements NetbusModule {

  @Override
  public String section() {
    return UdpConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section) {
    UdpConfig.from(section);
  }

  @Override
  public Deployable rootVerticle() {
    return new UdpVerticle();
  }

  @Override
  public Deployable listenerVerticle() {
    return new UdpVerticle(false);
  }
}
