package io.netbus.tcp.service;

import io.netbus.contract.Payload;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code upper} (seed 001): the message upper-cased. ASCII is upper-cased byte by byte without a
 * decode; valid UTF-8 text is upper-cased as text; other bytes pass through unchanged.
 */
public final class UpperService implements Service {

  @Override
  public void onMessage(ServiceContext connection, Buffer message) {
    byte[] bytes = message.getBytes();
    boolean ascii = true;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b < 0) {
        ascii = false;
      } else if (b >= 'a' && b <= 'z') {
        bytes[i] = (byte) (b - ('a' - 'A'));
      }
    }
    if (!ascii) {
      String text = Payload.utf8OrNull(message);
      if (text != null) {
        bytes = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      }
    }
    connection.beginReply().appendBytes(bytes);
    connection.endReply();
  }
}
