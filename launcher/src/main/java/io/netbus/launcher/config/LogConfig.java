package io.netbus.launcher.config;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The optional {@code log} section: the root log level ({@code NETBUS_LOG_LEVEL=debug} also sets it). */
public record LogConfig(String level) {

  public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

  public LogConfig {
    level = ConfigChecks.oneOf("level", level == null ? null : level.toLowerCase(), "info", LEVELS);
  }

  public static LogConfig from(JsonObject section) {
    return SectionMapper.read(section, LogConfig.class, NodeConfig.LOG);
  }
}
