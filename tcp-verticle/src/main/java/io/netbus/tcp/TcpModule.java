package io.netbus.tcp;

import io.netbus.contract.NetbusModule;
import io.netbus.tcp.api.TcpConfig;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

/** Plugs the TCP listeners and the NetClient verticle into the launcher. */
public final class TcpModule implements NetbusModule {

  @Override
  public String section() {
    return TcpConfig.SECTION;
  }

  @Override
  public void validate(JsonObject section) {
    TcpConfig.from(section);
  }

  @Override
  public Deployable rootVerticle() {
    return new TcpVerticle();
  }

  @Override
  public Deployable listenerVerticle() {
    return new TcpVerticle(false);
  }
}
