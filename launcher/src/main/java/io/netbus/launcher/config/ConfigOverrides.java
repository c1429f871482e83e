package io.netbus.launcher.config;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** How an environment override ends its origin: {@code override NETBUS_LOG_LEVEL (environment)}. */
  public static final String ENV_ORIGIN = " (environment)";
  /**
   * Names with the prefix that are not config: the launcher script's JVM flags, the clients'
   * token, bench/compare.sh's jar, and the build's own properties (Maven hands {@code -D} options
   * to the test JVMs). A node started where they are set must not fail on them.
   */
  public static final Set<String> NOT_OVERRIDES = Set.of("NETBUS_JAVA_OPTS", "NETBUS_TOKEN", "NETBUS_JAR",
      "netbus.cds.skip", "netbus.probe");
  private static final Pattern INDEX = Pattern.compile("\\d+");

  private ConfigOverrides() {
  }

  /** An override that cannot be applied; its message names the variable, not the file. */
  public static final class OverrideException extends ConfigException {
    OverrideException(String origin, String problem) {
      super("", origin + ": " + problem);
    }
  }

  /**
   * Applies the overrides to {@code config}; returns, per overridden key path
   * ({@code tcp.listeners[0].port}), where its value came from, so an error in it is blamed on
   * the variable and not on the file. A key the override had to create (absent from the file,
   * perhaps misspelt: {@code NETBUS_TCP_LISTENRS_0_PORT}) is blamed on it too.
   */
  public static Map<String, String> apply(JsonObject config, Map<String, String> sysProps, Map<String, String> env) {
    Map<String, String> origins = new LinkedHashMap<>();
    new TreeMap<>(sysProps).forEach((name, value) -> {
      if (name.startsWith(SYS_PREFIX) && name.length() > SYS_PREFIX.length() && !NOT_OVERRIDES.contains(name)) {
        String origin = "override -D" + name;
        set(config, Arrays.asList(name.substring(SYS_PREFIX.length()).split("\\.")), value, origin)
            .forEach(key -> origins.put(key, origin));
      }
    });
    new TreeMap<>(env).forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !NOT_OVERRIDES.contains(name)) {
        String origin = "override " + name + ENV_ORIGIN;
        set(config, Arrays.asList(name.substring(ENV_PREFIX.length()).split("_")), value, origin)
            .forEach(key -> origins.put(key, origin));
      }
    });
    return origins;
  }

  /** Where the value of {@code key} came from, if an override set it or one of its parents. */
  public static Optional<String> originOf(String key, Map<String, String> origins) {
    return origins.entrySet().stream()
        .filter(e -> key.equals(e.getKey()) || key.startsWith(e.getKey() + ".") || key.startsWith(e.getKey() + "["))
        .map(Map.Entry::getValue)
        .reduce((first, later) -> later);
  }

  /** Sets the value; returns the key path it set and, first, the outermost key it created, if any. */
  private static List<String> set(JsonObject root, List<String> path, String raw, String origin) {
    Object node = root;
    StringBuilder keyPath = new StringBuilder();
    String created = null;
    for (int i = 0; i < path.size(); i++) {
      String segment = path.get(i);
      boolean last = i == path.size() - 1;
      if (segment.isEmpty()) {
        throw new OverrideException(origin, "empty key segment");
      }
      if (node instanceof JsonObject obj) {
        String key = matchKey(obj, segment);
        keyPath.append(keyPath.length() == 0 ? "" : ".").append(key);
        if (created == null && !obj.containsKey(key)) {
          created = keyPath.toString();
        }
        if (last) {
          obj.put(key, parse(raw));
          return keys(created, keyPath.toString());
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
          throw new OverrideException(origin, keyPath + " has " + array.size() + " entries; index " + index
              + " is past its end");
        }
        keyPath.append('[').append(index).append(']');
        if (last) {
          array.set(index, parse(raw));
          return keys(created, keyPath.toString());
        }
        node = array.getValue(index);
      } else {
        throw new OverrideException(origin, "'" + segment + "' does not name a key or list index under "
            + (keyPath.length() == 0 ? "the top level" : keyPath));
      }
    }
    throw new OverrideException(origin, "empty key");
  }

  private static List<String> keys(String created, String set) {
    return created == null || created.equals(set) ? List.of(set) : List.of(created, set);
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
