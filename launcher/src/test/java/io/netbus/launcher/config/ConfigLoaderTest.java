package io.netbus.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.contract.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void readsTheGivenFile(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = Files.writeString(dir.resolve("node.json"), "{\"udp\":{\"listeners\":[]}}");
    ConfigLoader.load(vertx, file).onComplete(ctx.succeeding(loaded -> ctx.verify(() -> {
      assertThat(loaded.json().getJsonObject("udp").getJsonArray("listeners")).isEmpty();
      assertThat(loaded.source()).isEqualTo(file.toString());
      assertThat(loaded.isDefault()).isFalse();
      ctx.completeNow();
    })));
  }

  @Test
  void malformedJsonSaysWhere(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\n  \"tcp\": {\n    \"instances\": 1,\n  }\n}\n");
    ConfigLoader.load(vertx, file).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ConfigException.class).hasMessageStartingWith("malformed JSON at line 4, column 3");
      ctx.completeNow();
    })));
  }

  @Test
  void anEmptyFileOrAnArrayIsNotAConfig(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "");
    Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
    ConfigLoader.load(vertx, empty).onComplete(ctx.failing(e1 -> ConfigLoader.load(vertx, array)
        .onComplete(ctx.failing(e2 -> ctx.verify(() -> {
          assertThat(e1).isInstanceOf(ConfigException.class).hasMessageStartingWith("the file is empty");
          assertThat(e2).isInstanceOf(ConfigException.class).hasMessage("the file must hold one JSON object { ... }");
          ctx.completeNow();
        })))));
  }

  @Test
  void parserInternalsStayOutOfTheMessage() {
    assertThat(ConfigLoader.withoutParserInternals("Unexpected end-of-input: expected close marker for Array "
        + "(start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); "
        + "line: 1, column: 23])"))
        .isEqualTo("Unexpected end-of-input: expected close marker for Array (opened at line 1, column 23)");
  }

  @Test
  void missingFileIsAConfigError(Vertx vertx, VertxTestContext ctx) {
    ConfigLoader.load(vertx, dir.resolve("nope.json")).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ConfigException.class).hasMessage("no such file");
      ctx.completeNow();
    })));
  }

  @Test
  void withoutAFileTheEmbeddedDefaultIsUsed(Vertx vertx, VertxTestContext ctx) {
    // The tests run in launcher/, which has no conf/default.json: the jar's embedded copy is used.
    ConfigLoader.load(vertx, null).onComplete(ctx.succeeding(loaded -> ctx.verify(() -> {
      assertThat(loaded.isDefault()).isTrue();
      assertThat(loaded.source()).isEqualTo(ConfigLoader.EMBEDDED_SOURCE);
      assertThat(loaded.json().fieldNames()).contains("tcp", "udp", "file", "bridge", "cluster");
      assertThat(loaded.json().getJsonObject("tcp").getJsonArray("listeners").getJsonObject(0).getInteger("port"))
          .isEqualTo(50007);
      // its relative root goes to the user's data directory, not the working directory
      assertThat(loaded.json().getJsonObject("file").getString("root")).isEqualTo(
          DataDirectory.userDataHome(System.getenv(), System.getProperty("user.home")).resolve("data").toString());
      ctx.completeNow();
    })));
  }

  @Test
  void aConfigFilesRelativeRootStaysRelativeToTheWorkingDirectory(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = Files.writeString(dir.resolve("node.json"), "{\"file\":{\"root\":\"data\",\"listeners\":[]}}");
    ConfigLoader.load(vertx, file).onComplete(ctx.succeeding(loaded -> ctx.verify(() -> {
      assertThat(loaded.json().getJsonObject("file").getString("root")).isEqualTo("data");
      assertThat(DataDirectory.of(loaded.json())).contains(Path.of("data").toAbsolutePath());
      ctx.completeNow();
    })));
  }

  @Test
  void anEnvironmentOverrideThatCannotSpellACamelCaseKeySaysSo() {
    LoadedConfig loaded = new LoadedConfig(new JsonObject(), "node.json", false,
        Map.of("tcp.listeners[0].maxframe", "override NETBUS_TCP_LISTENERS_0_MAXFRAME (environment)"));
    assertThat(ConfigLoader.errorLine(loaded, "node.json", new ConfigException("tcp.listeners[0].maxframe",
        "unknown key (known keys: host, maxFrame, port)")))
        .isEqualTo("override NETBUS_TCP_LISTENERS_0_MAXFRAME (environment): tcp.listeners[0].maxframe: unknown key "
            + "(known keys: host, maxFrame, port); an environment variable cannot spell maxFrame (names are upper "
            + "case): set it in the file or with -Dnetbus.tcp.listeners.0.maxFrame=VALUE");
    // a real typo gets no hint, and the file's own keys stay the file's
    assertThat(ConfigLoader.errorLine(loaded, "node.json", new ConfigException("tcp.listeners[0].maxframe",
        "unknown key (known keys: host, port)"))).endsWith("unknown key (known keys: host, port)");
    assertThat(ConfigLoader.errorLine(loaded, "node.json", new ConfigException("tcp.listeners[0].prot",
        "unknown key (known keys: host, port)"))).isEqualTo("node.json: tcp.listeners[0].prot: unknown key "
        + "(known keys: host, port)");
  }

  @Test
  void theUserDataDirectoryFollowsXdg() {
    assertThat(DataDirectory.userDataHome(Map.of("XDG_DATA_HOME", "/srv/xdg"), "/home/me"))
        .isEqualTo(Path.of("/srv/xdg/netbus"));
    // the XDG spec ignores a relative value
    assertThat(DataDirectory.userDataHome(Map.of("XDG_DATA_HOME", "rel"), "/home/me"))
        .isEqualTo(Path.of("/home/me/.local/share/netbus"));
    assertThat(DataDirectory.userDataHome(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.local/share/netbus"));
    // $HOME wins over the JVM's user.home (from the password database)
    assertThat(DataDirectory.userDataHome(Map.of("HOME", "/tmp/h"), "/home/me"))
        .isEqualTo(Path.of("/tmp/h/.local/share/netbus"));
  }

  @Test
  void onlyARelativeRootOfTheDefaultMoves() {
    JsonObject relative = new JsonObject().put("file", new JsonObject().put("root", "data"));
    JsonObject absolute = new JsonObject().put("file", new JsonObject().put("root", "/srv/files"));
    JsonObject none = new JsonObject().put("tcp", new JsonObject());
    DataDirectory.placeDefaultRoot(relative, Path.of("/home/me/.local/share/netbus"));
    DataDirectory.placeDefaultRoot(absolute, Path.of("/home/me/.local/share/netbus"));
    DataDirectory.placeDefaultRoot(none, Path.of("/home/me/.local/share/netbus"));
    assertThat(relative.getJsonObject("file").getString("root")).isEqualTo("/home/me/.local/share/netbus/data");
    assertThat(absolute.getJsonObject("file").getString("root")).isEqualTo("/srv/files");
    assertThat(none).isEqualTo(new JsonObject().put("tcp", new JsonObject()));
    assertThat(DataDirectory.of(none)).isEmpty();
  }
}
