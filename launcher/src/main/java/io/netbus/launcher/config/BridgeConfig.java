package io.netbus.launcher.config;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code bridge} section: where outside bus clients connect and which addresses they may use. */
public record BridgeConfig(String host, Integer port, List<String> inbound, List<String> outbound) {

  public static final List<String> ALL_NETBUS = List.of("netbus\\..+");

  public BridgeConfig {
    host = ConfigChecks.host("host", host);
    port = ConfigChecks.port("port", port, 7000);
    inbound = regexes("inbound", inbound);
    outbound = regexes("outbound", outbound);
  }

  public static BridgeConfig from(JsonObject section) {
    return SectionMapper.read(section, BridgeConfig.class, NodeConfig.BRIDGE);
  }

  private static List<String> regexes(String key, List<String> values) {
    List<String> list = values == null ? ALL_NETBUS : List.copyOf(values);
    for (int i = 0; i < list.size(); i++) {
      try {
        Pattern.compile(list.get(i));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(key + "[" + i + "]", "'" + list.get(i) + "' is not a valid regex: " + e.getDescription());
      }
    }
    return list;
  }
}
