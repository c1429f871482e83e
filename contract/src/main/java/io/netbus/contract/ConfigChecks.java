package io.netbus.contract;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks shared by every module's config records. Each throws a {@link ConfigException} naming
 * the key relative to the record being built; {@link SectionMapper} adds the outer path.
 */
public final class ConfigChecks {

  private ConfigChecks() {
  }

  public static int port(String key, Integer value, int fallback) {
    int port = value == null ? fallback : value;
    if (port < 0 || port > 65535) {
      throw new ConfigException(key, port + " is not a port (0-65535)");
    }
    return port;
  }

  public static int positive(String key, Integer value, int fallback) {
    int n = value == null ? fallback : value;
    if (n <= 0) {
      throw new ConfigException(key, n + " must be greater than 0");
    }
    return n;
  }

  public static int atLeast(String key, Integer value, int fallback, int min) {
    int n = value == null ? fallback : value;
    if (n < min) {
      throw new ConfigException(key, n + " must be at least " + min);
    }
    return n;
  }

  public static String host(String key, String value) {
    if (value == null) {
      return "127.0.0.1";
    }
    if (value.isBlank()) {
      throw new ConfigException(key, "empty host");
    }
    return value.trim();
  }

  public static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "is required");
    }
    return value;
  }

  /** Picks one of {@code allowed}, naming them all when the value is not one. */
  public static String oneOf(String key, String value, String fallback, List<String> allowed) {
    String v = value == null ? fallback : value;
    if (!allowed.contains(v)) {
      throw new ConfigException(key, "'" + v + "' is not one of " + String.join(", ", allowed));
    }
    return v;
  }

  /** Listener names key the bus addresses, so two listeners of a section must not share one. */
  public static <T> void uniqueNames(String listKey, List<T> items, Function<T, String> name) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String n = name.apply(items.get(i));
      Integer first = seen.putIfAbsent(n, i);
      if (first != null) {
        throw new ConfigException(listKey + "[" + i + "].name",
            "'" + n + "' is already the name of " + listKey + "[" + first + "]");
      }
    }
  }

  /** Names appear in addresses ({@code netbus.tcp.<name>.in}): keep them to one dotless token. */
  public static String name(String key, String value) {
    String v = required(key, value);
    if (!v.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigException(key, "'" + v + "' must be letters, digits, '-' or '_'");
    }
    return v;
  }
}
