package io.netbus.tcp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking socket client for tests (run on the JUnit thread, never an event loop), with a
 * read timeout on every read so a missing reply fails the test instead of hanging it.
 */
final class TestClient implements Closeable {

  static final int TIMEOUT_MS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  TestClient(String host, int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
    socket.setSoTimeout(TIMEOUT_MS);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  TestClient(int port) throws IOException {
    this("127.0.0.1", port);
  }

  Socket socket() {
    return socket;
  }

  TestClient send(String s) throws IOException {
    return send(s.getBytes(StandardCharsets.UTF_8));
  }

  TestClient send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
    return this;
  }

  /** Like Python's {@code recv(1024)}: whatever one read returns, as UTF-8. */
  String recv() throws IOException {
    byte[] buf = new byte[1024];
    int n = in.read(buf);
    if (n < 0) {
      throw new IOException("connection closed by the server");
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /** Reads up to and including {@code \n}; returns the line without it. */
  String readLine() throws IOException {
    return new String(readLineBytes(), StandardCharsets.UTF_8);
  }

  byte[] readLineBytes() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int i = 0; i < 1 << 20; i++) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the server after " + line.size() + " bytes: " + line);
      }
      if (b == '\n') {
        return line.toByteArray();
      }
      line.write(b);
    }
    throw new IOException("line too long");
  }

  /** Exactly {@code n} bytes. */
  byte[] readExactly(int n) throws IOException {
    byte[] b = new byte[n];
    new DataInputStream(in).readFully(b);
    return b;
  }

  /** One length-prefixed frame. */
  byte[] readLengthFrame() throws IOException {
    int len = new DataInputStream(in).readInt();
    return readExactly(len);
  }

  TestClient sendLengthFrame(byte[] payload) throws IOException {
    byte[] frame = new byte[payload.length + 4];
    frame[0] = (byte) (payload.length >>> 24);
    frame[1] = (byte) (payload.length >>> 16);
    frame[2] = (byte) (payload.length >>> 8);
    frame[3] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 4, payload.length);
    return send(frame);
  }

  /** True when the server closes the connection (EOF or reset) within the read timeout; bytes before EOF are skipped. */
  boolean closedByServer() throws IOException {
    byte[] buf = new byte[4096];
    try {
      for (int i = 0; i < 10_000; i++) {
        if (in.read(buf) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset
    }
  }

  /** True when nothing arrives within {@code ms} (the connection stays open and silent). */
  boolean silentFor(int ms) throws IOException {
    socket.setSoTimeout(ms);
    try {
      return in.read() == -2;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(TIMEOUT_MS);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
