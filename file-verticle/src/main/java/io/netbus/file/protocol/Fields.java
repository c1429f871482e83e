package io.netbus.file.protocol;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Reads the fields of a request (an exchange request line or a {@code netbus.file.*} body) strictly:
 * a field that is absent takes its default, but one that is present with the wrong type, or as
 * {@code null}, is a {@link FileProtocol#BAD_REQUEST} naming the field and the value. Nothing a
 * client sends reaches the code below as a surprise null or a {@code ClassCastException}.
 */
public final class Fields {

  private Fields() {
  }

  /** A string field; absent → {@code fallback}. */
  public static String string(JsonObject json, String key, String fallback) {
    Object v = present(json, key, "a string");
    if (v == null) {
      return fallback;
    }
    if (v instanceof String s) {
      return s;
    }
    throw wrong(key, "a string", v);
  }

  /** A whole number; absent → {@code fallback}. */
  public static long wholeNumber(JsonObject json, String key, long fallback) {
    Object v = present(json, key, "a whole number");
    if (v == null) {
      return fallback;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw wrong(key, "a whole number", v);
  }

  /** A port (1-65535); absent → a bad request as well. */
  public static int port(JsonObject json, String key, String shownAs) {
    Object v = json.getValue(key);
    if (v instanceof Integer p && p >= 1 && p <= 65535) {
      return p;
    }
    throw new FileError(FileProtocol.BAD_REQUEST, "'" + shownAs + "' must be a port (1-65535) of an exchange listener"
        + (json.containsKey(key) ? ", not " + Json.encode(v) : ""));
  }

  /** {@code true} or {@code false}; absent → {@code fallback}. */
  public static boolean bool(JsonObject json, String key, boolean fallback) {
    Object v = present(json, key, "true or false");
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrong(key, "true or false", v);
  }

  /** A JSON object; absent → null. */
  public static JsonObject object(JsonObject json, String key) {
    Object v = present(json, key, "a JSON object");
    if (v == null || v instanceof JsonObject) {
      return (JsonObject) v;
    }
    throw wrong(key, "a JSON object", v);
  }

  /** The value, or null when the key is absent; a key present as {@code null} is refused. */
  private static Object present(JsonObject json, String key, String expected) {
    Object v = json.getValue(key);
    if (v == null && json.containsKey(key)) {
      throw wrong(key, expected, null);
    }
    return v;
  }

  private static FileError wrong(String key, String expected, Object value) {
    return new FileError(FileProtocol.BAD_REQUEST, "'" + key + "' must be " + expected + ", not " + Json.encode(value));
  }
}
