package io.netbus.udp;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import java.util.List;
import java.util.Map;

/** One UDP listener: where it binds and which service answers each datagram. */
public record UdpListenerConfig(String name, String host, Integer port, Object service) {

  public static final List<String> SERVICES = List.of("echo", "greet");

  public UdpListenerConfig {
    name = ConfigChecks.name("name", name);
    host = ConfigChecks.host("host", host);
    if (port == null) {
      throw new ConfigException("port", "is required");
    }
    port = ConfigChecks.port("port", port, 0);
    if (service instanceof String s) {
      service = ConfigChecks.oneOf("service", s, null, SERVICES);
    } else if (!(service instanceof Map<?, ?> m && m.get("address") instanceof String)) {
      throw new ConfigException("service", service + " is not one of " + String.join(", ", SERVICES)
          + " or {\"address\": \"...\"}");
    }
  }
}
