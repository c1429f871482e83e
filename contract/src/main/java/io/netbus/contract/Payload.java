package io.netbus.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bus's payload convention: UTF-8 payloads travel as {@code text}, anything else as base64
 * {@code data}, so binary frames are never mangled by a lossy decode.
 */
public final class Payload {

  public static final String TEXT = "text";
  public static final String DATA = "data";

  private Payload() {
  }

  /**
   * Puts {@code bytes} into {@code body} as {@code text} when valid UTF-8, else as {@code data}.
   * ASCII, the common case on the hot paths (every inbound TCP frame, every bus request), skips
   * the strict decoder: it is valid UTF-8 and decodes byte for byte.
   */
  public static JsonObject put(JsonObject body, Buffer bytes) {
    if (isAscii(bytes)) {
      return body.put(TEXT, bytes.toString(StandardCharsets.ISO_8859_1));
    }
    String text = utf8OrNull(bytes);
    return text != null ? body.put(TEXT, text) : body.put(DATA, Base64.getEncoder().encodeToString(bytes.getBytes()));
  }

  /** The bytes a body carries; fails naming the fields when it has neither or bad base64. */
  public static Buffer bytes(JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("no body: expected {\"text\": ...} or {\"data\": base64}");
    }
    Object text = body.getValue(TEXT);
    if (text instanceof String s) {
      return Buffer.buffer(s, "UTF-8");
    }
    Object data = body.getValue(DATA);
    if (data instanceof String s) {
      try {
        return Buffer.buffer(Base64.getDecoder().decode(s));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'data' is not valid base64: " + e.getMessage());
      }
    }
    throw new IllegalArgumentException("body has neither a 'text' string nor a 'data' base64 string");
  }

  /** True when the body carries a payload in either form. */
  public static boolean present(JsonObject body) {
    return body != null && (body.getValue(TEXT) instanceof String || body.getValue(DATA) instanceof String);
  }

  /** True when every byte is 7-bit ASCII. */
  public static boolean isAscii(Buffer bytes) {
    int n = bytes.length();
    for (int i = 0; i < n; i++) {
      if (bytes.getByte(i) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Strict UTF-8 decode: null when the bytes are not valid UTF-8. */
  public static String utf8OrNull(Buffer bytes) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.getBytes()));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
