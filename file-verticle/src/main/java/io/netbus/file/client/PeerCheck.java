package io.netbus.file.client;

import static io.netbus.file.protocol.FileProtocol.CONNECTION;

import io.netbus.file.protocol.FileError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Tells the user, in their words, that the peer is not an exchange listener: it keeps the peer's
 * first bytes (until its first answer line arrives) so that a greeting server's {@code
 * Welcome!}, an SSH banner or silence can be named ({@code 127.0.0.1:9999 is not a netbus
 * exchange listener (it sent "Welcome!")}), and never shows bytes that are not text.
 */
final class PeerCheck implements Handler<Buffer> {

  /** How many of the peer's first bytes are kept to show. */
  static final int SHOWN_BYTES = 60;

  private final String peer;
  private final Handler<Buffer> next;
  private Buffer first = Buffer.buffer();

  PeerCheck(NetSocket socket, Handler<Buffer> next) {
    this.peer = format(socket.remoteAddress());
    this.next = next;
  }

  private static String format(SocketAddress a) {
    if (a == null) {
      return "the server";
    }
    String host = a.hostAddress() != null ? a.hostAddress() : a.host();
    return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.port();
  }

  @Override
  public void handle(Buffer chunk) {
    if (first != null && first.length() <= SHOWN_BYTES) {
      first.appendBuffer(chunk, 0, Math.min(chunk.length(), SHOWN_BYTES + 1 - first.length()));
    }
    next.handle(chunk);
  }

  /** The first answer line was a netbus answer: stop keeping bytes. */
  void answered() {
    first = null;
  }

  /** The peer's answer line was not a netbus answer. */
  FileError notExchange() {
    return notExchange("it sent " + shown());
  }

  /** No answer line within {@code millis}. */
  FileError silent(long millis) {
    return notExchange(first == null || first.length() == 0 ? "it sent nothing within " + seconds(millis)
        : "it sent " + shown() + " and then nothing within " + seconds(millis));
  }

  /** The peer closed before its answer line. */
  FileError closedEarly() {
    return notExchange(first == null || first.length() == 0 ? "it closed the connection without a word"
        : "it sent " + shown() + " and closed the connection");
  }

  private FileError notExchange(String what) {
    return new FileError(CONNECTION, peer + " is not a netbus exchange listener (" + what + ")");
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** {@code "Welcome!"} for text (a trailing line ending dropped), else how many bytes. */
  private String shown() {
    Buffer bytes = first == null ? Buffer.buffer() : first;
    byte[] b = bytes.getBytes(0, Math.min(bytes.length(), SHOWN_BYTES));
    int n = b.length;
    while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
      n--;
    }
    String text = new String(b, 0, n, StandardCharsets.UTF_8);
    boolean printable = text.codePoints().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c != 0xfffd
        && !(c >= 0x80 && c < 0xa0)));
    if (!printable) {
      return (bytes.length() > SHOWN_BYTES ? "more than " + SHOWN_BYTES : String.valueOf(bytes.length()))
          + " bytes that are not text";
    }
    return "\"" + text.replace("\n", "\\n").replace("\r", "\\r") + (bytes.length() > SHOWN_BYTES ? "..." : "") + "\"";
  }
}
