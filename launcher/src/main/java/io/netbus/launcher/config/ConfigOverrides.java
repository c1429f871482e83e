package io.netbus.launcher.config;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Overrides single config values without editing the file: system properties
 * {@code -Dnetbus.tcp.listeners.0.port=6000} first, then environment variables
 * {@code NETBUS_TCP_LISTENERS_0_PORT=6000}, which win. Path segments match existing keys
 * ignoring case (environment names are upper case), numbers index lists, and values are read as
 * JSON when they parse ({@code 6000}, {@code true}, {@code ["a"]}) and as strings otherwise.
 */
public final class ConfigOverrides {

  public static final String SYS_PREFIX = "netbus.";
  public static final String ENV_PREFIX = "NETBUS_";
  private static final Pattern INDEX = Pattern.compile("\\d+");

  private ConfigOverrides() {
  }

  /**
   * Applies the overrides to {@code config}; returns, per overridden key path
   * ({@code tcp.listeners[0].port}), where its value came from, so an error in it is blamed on
   * the variable and not on the file.
   */
  public static Map<String, String> apply(JsonObject config, Map<String, String> sysProps, Map<String, String> env) {
    Map<String, String> origins = new java.util.LinkedHashMap<>();
    new TreeMap<>(sysProps).forEach((name, value) -> {
      if (name.startsWith(SYS_PREFIX) && name.length() > SYS_PREFIX.length()) {
        String origin = "-D" + name;
        origins.put(set(config, Arrays.asList(name.substring(SYS_PREFIX.length()).split("\\.")), value, origin), origin);
      }
    });
    new TreeMap<>(env).forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        origins.put(set(config, Arrays.asList(name.substring(ENV_PREFIX.length()).split("_")), value, name),
            name + " (environment)");
      }
    });
    return origins;
  }

  /** Where the value of {@code key} came from, if an override set it or one of its parents. */
  public static java.util.Optional<String> originOf(String key, Map<String, String> origins) {
    return origins.entrySet().stream()
        .filter(e -> key.equals(e.getKey()) || key.startsWith(e.getKey() + ".") || key.startsWith(e.getKey() + "["))
        .map(Map.Entry::getValue)
        .reduce((first, later) -> later);
  }

  private static String set(JsonObject root, List<String> path, String raw, String origin) {
    Object node = root;
    StringBuilder keyPath = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      String segment = path.get(i);
      boolean last = i == path.size() - 1;
      if (segment.isEmpty()) {
        throw new ConfigException(origin, "empty key segment");
      }
      if (node instanceof JsonObject obj) {
        String key = matchKey(obj, segment);
        keyPath.append(keyPath.length() == 0 ? "" : ".").append(key);
        if (last) {
          obj.put(key, parse(raw));
          return keyPath.toString();
        }
        Object child = obj.getValue(key);
        if (child == null) {
          child = new JsonObject();
          obj.put(key, child);
        }
        node = child;
      } else if (node instanceof JsonArray array && INDEX.matcher(segment).matches()) {
        int index = Integer.parseInt(segment);
        if (index >= array.size()) {
          throw new ConfigException(origin, "index " + index + " is past the end of a list of " + array.size());
        }
        keyPath.append('[').append(index).append(']');
        if (last) {
          array.set(index, parse(raw));
          return keyPath.toString();
        }
        node = array.getValue(index);
      } else {
        throw new ConfigException(origin, "'" + segment + "' does not name a key or list index here");
      }
    }
    throw new ConfigException(origin, "empty key");
  }

  private static String matchKey(JsonObject obj, String segment) {
    if (obj.containsKey(segment)) {
      return segment;
    }
    for (String key : obj.fieldNames()) {
      if (key.equalsIgnoreCase(segment)) {
        return key;
      }
    }
    return segment.toLowerCase();
  }

  private static Object parse(String raw) {
    try {
      Object value = Json.decodeValue(raw);
      return value == null ? null : value;
    } catch (DecodeException e) {
      return raw;
    }
  }
}
