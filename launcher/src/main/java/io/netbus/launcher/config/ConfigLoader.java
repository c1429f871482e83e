package io.netbus.launcher.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netbus.contract.ConfigException;
import io.netbus.contract.NetbusModule;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the node's config once, with vertx-config: the JSON file ({@code --conf FILE}, else
 * {@code conf/default.json} in the working directory, else the copy embedded in the jar, whose
 * relative {@code file.root} goes to the user's data directory: {@link DataDirectory}), then
 * system properties {@code -Dnetbus.a.b=v}, then environment variables {@code NETBUS_A_B=v}
 * (see {@link ConfigOverrides}).
 */
public final class ConfigLoader {

  public static final Path DEFAULT_FILE = Path.of("conf", "default.json");
  public static final String EMBEDDED_RESOURCE = "netbus/default.json";
  public static final String EMBEDDED_SOURCE = "built-in default config";

  private ConfigLoader() {
  }

  /** Loads the config; fails with a {@link ConfigException} whose message names what is wrong. */
  public static Future<LoadedConfig> load(Vertx vertx, Path explicit) {
    ConfigStoreOptions fileStore;
    String source;
    boolean isDefault;
    try {
      if (explicit != null) {
        if (!Files.isRegularFile(explicit)) {
          return Future.failedFuture(new ConfigException("", Files.isDirectory(explicit)
              ? "is a directory, not a config file" : "no such file"));
        }
        source = explicit.toString();
        isDefault = false;
        fileStore = fileStore(explicit);
      } else if (Files.isRegularFile(DEFAULT_FILE)) {
        source = DEFAULT_FILE.toString();
        isDefault = true;
        fileStore = fileStore(DEFAULT_FILE);
      } else {
        source = EMBEDDED_SOURCE;
        isDefault = true;
        fileStore = new ConfigStoreOptions().setType("json").setConfig(embeddedDefault());
      }
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    Future<JsonObject> file = retrieve(vertx, fileStore).recover(ConfigLoader::explainParseFailure);
    Future<JsonObject> sys = retrieve(vertx, new ConfigStoreOptions().setType("sys")
        .setConfig(new JsonObject().put("raw-data", true).put("cache", false)));
    Future<JsonObject> env = retrieve(vertx, new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true)));
    boolean embedded = EMBEDDED_SOURCE.equals(source);
    return Future.all(file, sys, env).map(all -> {
      JsonObject json = file.result();
      Map<String, String> envVars = strings(env.result());
      if (embedded) {
        // before the overrides: NETBUS_FILE_ROOT=dir still means dir in the working directory
        DataDirectory.placeDefaultRoot(json, DataDirectory.userDataHome(envVars, System.getProperty("user.home")));
      }
      Map<String, String> overrides = ConfigOverrides.apply(json, strings(sys.result()), envVars);
      return new LoadedConfig(json, source, isDefault, overrides);
    });
  }

  /**
   * The config again, validated, each time it is applied (a reload): {@code explicit} or the
   * default file, as at start. A problem fails with one {@link ConfigException} line that starts
   * with the file (or the variable that overrode the key).
   */
  public static Function<Vertx, Future<NodeConfig>> source(Path explicit, List<NetbusModule> modules) {
    String fallback = explicit == null ? "config" : explicit.toString();
    return vertx -> load(vertx, explicit)
        .recover(err -> Future.failedFuture(err instanceof ConfigException ce
            ? new ConfigException("", errorLine(null, fallback, ce), ce) : err))
        // validation may read certificate files: off the event loop
        .compose(loaded -> vertx.executeBlocking(() -> {
          try {
            return NodeConfig.validate(loaded.json(), modules);
          } catch (ConfigException e) {
            throw new ConfigException("", errorLine(loaded, fallback, e), e);
          }
        }, false));
  }

  /**
   * A config problem as the one line a user reads: {@code file: key: what is wrong}, or the
   * override to blame ({@code override NETBUS_TCP_LISTENRS_0_PORT (environment): tcp.listenrs:
   * unknown key ...}). {@code loaded} is null when loading itself failed.
   */
  public static String errorLine(LoadedConfig loaded, String source, ConfigException e) {
    if (e instanceof ConfigOverrides.OverrideException) {
      return e.getMessage();
    }
    String origin = loaded == null ? source : loaded.sourceOf(e.key());
    return origin + ": " + e.getMessage() + (origin.endsWith(ConfigOverrides.ENV_ORIGIN) ? caseHint(e) : "");
  }

  private static final java.util.regex.Pattern KNOWN_KEYS =
      java.util.regex.Pattern.compile("unknown key \\(known keys: (.*)\\)");

  /**
   * An environment variable names keys in upper case: one the file does not hold yet is created in
   * lower case, so {@code NETBUS_TCP_LISTENERS_0_MAXFRAME} cannot create {@code maxFrame}. Say so.
   */
  private static String caseHint(ConfigException e) {
    java.util.regex.Matcher m = KNOWN_KEYS.matcher(String.valueOf(e.problem()));
    String key = e.key();
    String last = key.substring(Math.max(key.lastIndexOf('.'), key.lastIndexOf(']')) + 1);
    if (!m.matches()) {
      return "";
    }
    return java.util.Arrays.stream(m.group(1).split(", "))
        .filter(k -> k.equalsIgnoreCase(last) && !k.equals(last))
        .findFirst()
        .map(k -> "; an environment variable cannot spell " + k + " (names are upper case): set it in the file or"
            + " with -Dnetbus." + key.substring(0, key.length() - last.length()).replaceAll("\\[(\\d+)\\]", ".$1")
            + k + "=VALUE")
        .orElse("");
  }

  private static ConfigStoreOptions fileStore(Path path) {
    return new ConfigStoreOptions().setType("file").setFormat("json")
        .setConfig(new JsonObject().put("path", path.toAbsolutePath().toString()));
  }

  private static Future<JsonObject> retrieve(Vertx vertx, ConfigStoreOptions store) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false).setScanPeriod(-1).addStore(store));
    return retriever.getConfig().andThen(ar -> retriever.close());
  }

  static JsonObject embeddedDefault() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + EMBEDDED_RESOURCE);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in default config", e);
    }
  }

  /** vertx-config reports a bad file as a bare DecodeException; say where the JSON breaks. */
  private static Future<JsonObject> explainParseFailure(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mie) {
        String problem = String.valueOf(mie.getOriginalMessage()).startsWith("No content")
            ? "the file is empty; it must hold one JSON object { ... }"
            : "the file must hold one JSON object { ... }";
        return Future.failedFuture(new ConfigException("", problem, err));
      }
      if (c instanceof JsonProcessingException jpe) {
        JsonLocation at = jpe.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return Future.failedFuture(new ConfigException("", "malformed JSON" + where + ": "
            + withoutParserInternals(jpe.getOriginalMessage()), err));
      }
    }
    if (err instanceof ClassCastException || String.valueOf(err.getMessage()).contains("JsonObject")) {
      return Future.failedFuture(new ConfigException("", "the file must hold one JSON object { ... }", err));
    }
    return Future.failedFuture(new ConfigException("", "cannot read: " + err.getMessage(), err));
  }

  private static final java.util.regex.Pattern START_MARKER =
      java.util.regex.Pattern.compile("\\(start marker at \\[Source: .*?line: (\\d+), column: (\\d+)\\]\\)");

  /** Jackson names its own source and settings in some messages; keep what the user can act on. */
  static String withoutParserInternals(String message) {
    String oneLine = String.valueOf(message).replace('\n', ' ');
    return START_MARKER.matcher(oneLine).replaceAll("(opened at line $1, column $2)");
  }

  private static Map<String, String> strings(JsonObject json) {
    Map<String, String> out = new HashMap<>();
    json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }
}
