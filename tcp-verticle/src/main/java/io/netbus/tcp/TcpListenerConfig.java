package io.netbus.tcp;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import java.util.List;
import java.util.Map;

/** One TCP listener: where it binds, which service answers and how frames are cut. */
public record TcpListenerConfig(String name, String host, Integer port, Object service, String framing,
    String welcome, Integer maxFrame) {

  public static final List<String> SERVICES = List.of("echo", "upper", "greet", "time", "chat");
  public static final List<String> FRAMINGS = List.of("raw", "line", "length");

  public TcpListenerConfig {
    name = ConfigChecks.name("name", name);
    host = ConfigChecks.host("host", host);
    if (port == null) {
      throw new ConfigException("port", "is required");
    }
    port = ConfigChecks.port("port", port, 0);
    service = checkService(service);
    framing = ConfigChecks.oneOf("framing", framing, "raw", FRAMINGS);
    maxFrame = ConfigChecks.positive("maxFrame", maxFrame, 65536);
  }

  private static Object checkService(Object service) {
    if (service == null) {
      throw new ConfigException("service", "is required (" + String.join(", ", SERVICES)
          + " or {\"address\": \"...\"})");
    }
    if (service instanceof String s) {
      return ConfigChecks.oneOf("service", s, null, SERVICES);
    }
    if (service instanceof Map<?, ?> m && m.size() == 1 && m.get("address") instanceof String a && !a.isBlank()) {
      return Map.of("address", a);
    }
    throw new ConfigException("service", service + " is not one of " + String.join(", ", SERVICES)
        + " or {\"address\": \"...\"}");
  }
}
