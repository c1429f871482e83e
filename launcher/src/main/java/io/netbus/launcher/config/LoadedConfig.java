package io.netbus.launcher.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The node's whole config after overrides, where it came from (for error lines: the file, or the
 * variable that overrode a key) and whether it is the built-in default (which may create its
 * sample data).
 */
public record LoadedConfig(JsonObject json, String source, boolean isDefault, Map<String, String> overrides) {

  /** Where the value at {@code key} came from: the variable that overrode it, else the file. */
  public String sourceOf(String key) {
    return ConfigOverrides.originOf(key, overrides).orElse(source);
  }
}
