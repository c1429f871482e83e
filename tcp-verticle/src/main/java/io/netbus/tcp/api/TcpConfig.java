package io.netbus.tcp.api;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code tcp} section: how many event-loop instances share each listener, and the listeners. */
public record TcpConfig(Integer instances, List<TcpListenerConfig> listeners) {

  public static final String SECTION = "tcp";

  public TcpConfig {
    instances = ConfigChecks.positive("instances", instances, 1);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, TcpListenerConfig::name);
  }

  public static TcpConfig from(JsonObject section) {
    return SectionMapper.read(section, TcpConfig.class, SECTION);
  }
}
