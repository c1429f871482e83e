package io.netbus.udp.service;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Seed 002's UDP server: answers {@code Hello, <msg>!}. It works on bytes, as the seed's
 * {@code b'Hello, %s!' % data} does, so any payload gets a greeting. One trailing {@code \n} or
 * {@code \r\n} is taken off the message and put after the greeting instead, so
 * {@code echo Michael | nc -u} prints {@code Hello, Michael!} on a line of its own while the
 * seed's client, which sends no newline, gets exactly {@code Hello, Michael!}.
 */
public final class GreetService implements UdpService {

  public static final GreetService INSTANCE = new GreetService();
  private static final byte[] HELLO = "Hello, ".getBytes(StandardCharsets.US_ASCII);

  private GreetService() {
  }

  @Override
  public Future<Buffer> answer(Datagram datagram) {
    return Future.succeededFuture(greet(datagram.payload()));
  }

  /** {@code Hello, <msg>!}, keeping one trailing line break of {@code msg} after the {@code !}. */
  public static Buffer greet(Buffer msg) {
    int end = msg.length();
    int eol = 0;
    if (end > 0 && msg.getByte(end - 1) == '\n') {
      eol = end > 1 && msg.getByte(end - 2) == '\r' ? 2 : 1;
    }
    int body = end - eol;
    Buffer reply = Buffer.buffer(HELLO.length + end + 1).appendBytes(HELLO);
    reply.appendBuffer(msg, 0, body).appendByte((byte) '!');
    if (eol > 0) {
      reply.appendBuffer(msg, body, eol);
    }
    return reply;
  }
}
