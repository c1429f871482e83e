package io.netbus.contract;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What a peer that speaks another protocol sent, fit to show on a terminal: every client that
 * finds the wrong peer at an address (the bridge client, the file client) names it with this
 * ({@code 127.0.0.1:9999 is not a netbus bridge (it sent "Welcome!")}). Only the text the bytes
 * start with is shown, quoted and cut at {@link #SHOWN_BYTES}; bytes that are not text are
 * counted, never printed (they could drive the terminal).
 */
public final class PeerBytes {

  /** How many of a peer's first bytes a client keeps to show. */
  public static final int SHOWN_BYTES = 60;

  private PeerBytes() {
  }

  /**
   * {@code "Welcome!"} (line endings at the end dropped, inner ones escaped, {@code ...} when more
   * followed), or {@code 35 bytes that are not text} when the bytes do not start with text.
   */
  public static String shown(Buffer bytes) {
    byte[] b = bytes.getBytes(0, Math.min(bytes.length(), SHOWN_BYTES));
    String text = new String(b, StandardCharsets.UTF_8);
    int end = 0;
    while (end < text.length()) {
      int c = text.codePointAt(end);
      boolean printable = c == '\t' || c == '\n' || c == '\r'
          || (c >= 0x20 && c != 0x7f && c != 0xfffd && !(c >= 0x80 && c < 0xa0));
      if (!printable) {
        break;
      }
      end += Character.charCount(c);
    }
    String prefix = text.substring(0, end);
    boolean more = end < text.length() || bytes.length() > SHOWN_BYTES;
    String trimmed = prefix.replaceAll("[\r\n]+$", "");
    if (trimmed.isBlank()) {
      return bytes.length() + " bytes that are not text";
    }
    return "\"" + trimmed.replace("\n", "\\n").replace("\r", "\\r") + (more ? "..." : "") + "\"";
  }
}
