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
 * {@code conf/default.json} in the working directory, else the copy embedded in the jar), then
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
    return Future.all(file, sys, env).map(all -> {
      JsonObject json = file.result();
      Map<String, String> overrides = ConfigOverrides.apply(json, strings(sys.result()), strings(env.result()));
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
            ? new ConfigException("", fallback + ": " + ce.getMessage(), ce) : err))
        // validation may read certificate files: off the event loop
        .compose(loaded -> vertx.executeBlocking(() -> {
          try {
            return NodeConfig.validate(loaded.json(), modules);
          } catch (ConfigException e) {
            throw new ConfigException("", loaded.sourceOf(e.key()) + ": " + e.getMessage(), e);
          }
        }, false));
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
