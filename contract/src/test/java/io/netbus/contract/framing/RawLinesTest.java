package io.netbus.contract.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawLinesTest {

  private static List<String> split(String chunk) {
    List<String> out = new ArrayList<>();
    RawLines.split(Buffer.buffer(chunk.getBytes(StandardCharsets.UTF_8)),
        b -> out.add(b.toString(StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void aSeedsSendIsOneMessage() {
    assertThat(split("Michael")).containsExactly("Michael");
  }

  @Test
  void oneNcLineIsOneMessage() {
    assertThat(split("Michael\n")).containsExactly("Michael\n");
    assertThat(split("Michael\r\n")).containsExactly("Michael\r\n");
  }

  @Test
  void pipedLinesAreOneMessageEach() {
    assertThat(split("Michael\nexit\n")).containsExactly("Michael\n", "exit\n");
    assertThat(split("a\r\nb\r\n\nc\n")).containsExactly("a\r\n", "b\r\n", "\n", "c\n");
  }

  @Test
  void aTrailingPartialLineIsAMessageAtOnce() {
    assertThat(split("one\ntwo")).containsExactly("one\n", "two");
    assertThat(split("\nx")).containsExactly("\n", "x");
  }

  @Test
  void anEmptyChunkIsNothing() {
    assertThat(split("")).isEmpty();
  }

  @Test
  void thePiecesJoinToTheChunk() {
    String chunk = "\n\nab\ncd\r\n\ne";
    assertThat(String.join("", split(chunk))).isEqualTo(chunk);
    assertThat(split(chunk)).hasSize(6);
  }
}
