package io.netbus.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class PeerBytesTest {

  @Test
  void textIsQuotedWithoutItsLineEnding() {
    assertThat(PeerBytes.shown(Buffer.buffer("Welcome!"))).isEqualTo("\"Welcome!\"");
    assertThat(PeerBytes.shown(Buffer.buffer("SSH-2.0-OpenSSH_9.6\r\n"))).isEqualTo("\"SSH-2.0-OpenSSH_9.6\"");
    assertThat(PeerBytes.shown(Buffer.buffer("HTTP/1.1 400\r\nServer: x\r\n")))
        .isEqualTo("\"HTTP/1.1 400\\r\\nServer: x\"");
  }

  @Test
  void onlyTheTextAtTheStartIsShown() {
    // greet's welcome, then its answer to the client's first binary frame
    Buffer b = Buffer.buffer("Welcome!Hello, ").appendInt(16).appendString("{\"type\":\"ping\"}!");
    assertThat(PeerBytes.shown(b)).isEqualTo("\"Welcome!Hello, ...\"");
  }

  @Test
  void bytesThatAreNotTextAreCountedNeverShown() {
    Buffer b = Buffer.buffer(new byte[] {0, 0, 0, 16, '{', 27, '[', '2', 'J'});
    assertThat(PeerBytes.shown(b)).isEqualTo("9 bytes that are not text");
  }

  @Test
  void longTextIsCut() {
    String shown = PeerBytes.shown(Buffer.buffer("x".repeat(200)));
    assertThat(shown).isEqualTo("\"" + "x".repeat(PeerBytes.SHOWN_BYTES) + "...\"");
  }
}
