package io.netbus.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Maps a config section ({@link JsonObject}) onto a module's record with jackson-databind and
 * turns every failure into one {@link ConfigException} with the full key path. Unknown keys are
 * refused (a typo must not silently fall back to a default). Records validate their own values
 * in their compact constructors by throwing {@code ConfigException} with a key relative to
 * themselves; this class prefixes the path Jackson was at.
 */
public final class SectionMapper {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // "port": 8080.5 is a mistake, not 8080
      .build();

  private SectionMapper() {
  }

  /** Reads {@code json} (the section named {@code section}) as a {@code type}. */
  public static <T> T read(JsonObject json, Class<T> type, String section) {
    try {
      return MAPPER.readValue(json.encode(), type);
    } catch (ValueInstantiationException e) {
      // Jackson builds a record before it reports the keys it did not know: a typo ("prot" for
      // "port") would be blamed on the missing key ("port: is required") instead of on itself
      ConfigException unknown = unknownKey(json, section, e);
      if (unknown != null) {
        throw unknown;
      }
      ConfigException inner = findConfigException(e);
      if (inner != null) {
        throw inner.under(path(section, e.getPath()));
      }
      throw new ConfigException(path(section, e.getPath()), rootMessage(e), e);
    } catch (UnrecognizedPropertyException e) {
      List<String> known = e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
          .collect(Collectors.toList());
      throw new ConfigException(path(section, e.getPath()),
          "unknown key (known keys: " + String.join(", ", known) + ")", e);
    } catch (InvalidFormatException e) {
      throw new ConfigException(path(section, e.getPath()),
          quote(e.getValue()) + " is not a valid " + simpleName(e.getTargetType()), e);
    } catch (MismatchedInputException e) {
      Object found = valueAt(json, e.getPath());
      throw new ConfigException(path(section, e.getPath()),
          "expected " + describe(e.getTargetType()) + (found == null ? "" : ", found " + found), e);
    } catch (JsonMappingException e) {
      ConfigException inner = findConfigException(e);
      if (inner != null) {
        throw inner.under(path(section, e.getPath()));
      }
      throw new ConfigException(path(section, e.getPath()), e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(section, e.getOriginalMessage(), e);
    }
  }

  /** The first key of the object being built that its type does not know, as an error; else null. */
  private static ConfigException unknownKey(JsonObject json, String section, ValueInstantiationException e) {
    if (!(nodeAt(json, e.getPath()) instanceof JsonObject obj) || e.getType() == null) {
      return null;
    }
    List<String> known = MAPPER.getDeserializationConfig().introspect(e.getType()).findProperties().stream()
        .map(BeanPropertyDefinition::getName).sorted().collect(Collectors.toList());
    for (String key : obj.fieldNames()) {
      if (!known.contains(key)) {
        String at = path(section, e.getPath());
        return new ConfigException(at.isEmpty() ? key : at + "." + key,
            "unknown key (known keys: " + String.join(", ", known) + ")", e);
      }
    }
    return null;
  }

  private static ConfigException findConfigException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConfigException ce) {
        return ce;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  /** The offending value, so the error line can show it (Jackson's mismatch errors do not). */
  private static Object valueAt(JsonObject json, List<JsonMappingException.Reference> refs) {
    Object node = nodeAt(json, refs);
    if (node instanceof String s) {
      return "'" + s + "'";
    }
    return node == null ? null : io.vertx.core.json.Json.encode(node);
  }

  /** The JSON value at {@code refs}, or null. */
  private static Object nodeAt(JsonObject json, List<JsonMappingException.Reference> refs) {
    Object node = json;
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null && node instanceof JsonObject obj) {
        node = obj.getValue(ref.getFieldName());
      } else if (ref.getIndex() >= 0 && node instanceof io.vertx.core.json.JsonArray arr && ref.getIndex() < arr.size()) {
        node = arr.getValue(ref.getIndex());
      } else {
        return null;
      }
    }
    return node;
  }

  static String path(String section, List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder(section == null ? "" : section);
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String quote(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  private static String simpleName(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean (true or false)";
    }
    return type.getSimpleName();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list [ ... ]";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isRecord() || type == JsonObject.class) {
      return "an object { ... }";
    }
    return "a " + simpleName(type);
  }
}
