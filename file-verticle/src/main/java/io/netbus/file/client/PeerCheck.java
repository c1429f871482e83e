package io.netbus.file.client;

import static io.netbus.file.protocol.FileProtocol.CONNECTION;

import io.netbus.contract.PeerBytes;
import io.netbus.file.protocol.FileError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * Tells the user, in their words, that the peer is not an exchange listener: it keeps the peer's
 * first bytes (until its first answer line arrives) so that a greeting server's {@code
 * Welcome!}, an SSH banner or silence can be named ({@code 127.0.0.1:9999 is not a netbus
 * exchange listener (it sent "Welcome!")}), and never shows bytes that are not text.
 */
final class PeerCheck implements Handler<Buffer> {

  /** How many of the peer's first bytes are kept to show. */
  static final int SHOWN_BYTES = PeerBytes.SHOWN_BYTES;

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

  private String shown() {
    return PeerBytes.shown(first == null ? Buffer.buffer() : first);
  }
}
