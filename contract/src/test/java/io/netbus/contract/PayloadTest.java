package io.netbus.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void utf8TravelsAsText() {
    JsonObject body = Payload.put(new JsonObject(), Buffer.buffer("héllo ✓", "UTF-8"));
    assertThat(body.getString(Payload.TEXT)).isEqualTo("héllo ✓");
    assertThat(body.containsKey(Payload.DATA)).isFalse();
    assertThat(Payload.bytes(body)).isEqualTo(Buffer.buffer("héllo ✓", "UTF-8"));
  }

  @Test
  void asciiTakesTheFastPathAndStaysText() {
    Buffer ascii = Buffer.buffer("hi\u0000\t~\u007f");
    assertThat(Payload.isAscii(ascii)).isTrue();
    assertThat(Payload.isAscii(Buffer.buffer("é", "UTF-8"))).isFalse();
    JsonObject body = Payload.put(new JsonObject(), ascii);
    assertThat(body.getString(Payload.TEXT)).isEqualTo("hi\u0000\t~\u007f");
    assertThat(Payload.bytes(body)).isEqualTo(ascii);
  }

  @Test
  void invalidUtf8TravelsAsBase64DataAndRoundTrips() {
    Buffer binary = Buffer.buffer(new byte[] {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, 'a'});
    JsonObject body = Payload.put(new JsonObject(), binary);
    assertThat(body.containsKey(Payload.TEXT)).isFalse();
    assertThat(body.getString(Payload.DATA)).isEqualTo("/wDDKGE=");
    assertThat(Payload.bytes(body)).isEqualTo(binary);
  }

  @Test
  void refusesBodiesWithoutPayloadOrWithBadBase64() {
    assertThatThrownBy(() -> Payload.bytes(new JsonObject().put("txt", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
    assertThatThrownBy(() -> Payload.bytes(new JsonObject().put("data", "***")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    assertThat(Payload.present(new JsonObject().put("data", "AA=="))).isTrue();
    assertThat(Payload.present(new JsonObject())).isFalse();
  }
}
