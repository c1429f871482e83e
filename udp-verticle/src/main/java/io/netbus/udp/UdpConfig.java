package io.netbus.udp;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code udp} section: the datagram listeners. */
public record UdpConfig(List<UdpListenerConfig> listeners) {

  public static final String SECTION = "udp";

  public UdpConfig {
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, UdpListenerConfig::name);
  }

  public static UdpConfig from(JsonObject section) {
    return SectionMapper.read(section, UdpConfig.class, SECTION);
  }
}
