package io.netbus.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.Names;
import io.netbus.file.protocol.WireReader;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "a.txt", "dir/a.txt", "d1/d2/d3/x", "..a", "a..", ".hidden", "sp ace/é.txt"})
  void safeNamesPass(String name) {
    assertThat(Names.check(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../a", "a/..", "a/../b", "/abs", "a\\b", "..\\a", "a\u0000", "c:/x", "a//b", "a/", "./a",
      ".netbus-partial/a"})
  void escapesAreBadPaths(String name) {
    assertThatThrownBy(() -> Names.check(name)).isInstanceOf(FileError.class)
        .satisfies(e -> assertThat(((FileError) e).code()).isEqualTo("bad_path"));
  }

  /** The wire reader gives the same lines and body whatever the split of the input. */
  @Test
  void wireReaderHandlesEverySplit() {
    byte[] input = "{\"a\":1}\r\nBODY-BYTES{\"sha256\":\"x\"}\n".getBytes();
    for (int cut = 0; cut <= input.length; cut++) {
      List<String> lines = new ArrayList<>();
      Buffer body = Buffer.buffer();
      WireReader[] r = new WireReader[1];
      r[0] = new WireReader(err -> lines.add("ERR " + err.getMessage()));
      r[0].expectLine(l -> {
        lines.add(l);
        r[0].expectBody(10, body::appendBuffer, v -> r[0].expectLine(lines::add));
      });
      r[0].handle(Buffer.buffer(java.util.Arrays.copyOfRange(input, 0, cut)));
      r[0].handle(Buffer.buffer(java.util.Arrays.copyOfRange(input, cut, input.length)));
      assertThat(lines).containsExactly("{\"a\":1}", "{\"sha256\":\"x\"}");
      assertThat(body.toString()).isEqualTo("BODY-BYTES");
    }
  }

  @Test
  void wireReaderCapsLines() {
    List<String> errors = new ArrayList<>();
    WireReader r = new WireReader(err -> errors.add(err.getMessage()));
    r.expectLine(l -> errors.add("line!"));
    r.handle(Buffer.buffer(new byte[70_000]));
    assertThat(errors).singleElement().asString().contains("longer than");
  }
}
