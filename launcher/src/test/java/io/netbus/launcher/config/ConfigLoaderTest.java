package io.netbus.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.contract.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
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
      ctx.completeNow();
    })));
  }
}
