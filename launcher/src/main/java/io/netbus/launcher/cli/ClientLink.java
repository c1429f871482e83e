package io.netbus.launcher.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The blocking connection of {@code netbus tcp}: a TCP socket, or a unix domain socket (the
 * JDK's own, so the client needs no native code). One thread reads while another writes.
 */
abstract class ClientLink implements Closeable {

  abstract InputStream in() throws IOException;

  abstract OutputStream out() throws IOException;

  /** Half-close: sends EOF, keeps reading. */
  abstract void shutdownOutput() throws IOException;

  abstract boolean isClosed();

  static ClientLink tcp(String host, int port, int connectTimeoutMs) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return of(socket);
  }

  /** A connected TCP socket, plain or TLS (TLS has no half-close: shutdownOutput does nothing there). */
  static ClientLink of(Socket socket) {
    return new ClientLink() {
      @Override
      InputStream in() throws IOException {
        return socket.getInputStream();
      }

      @Override
      OutputStream out() throws IOException {
        return socket.getOutputStream();
      }

      @Override
      void shutdownOutput() throws IOException {
        if (!(socket instanceof javax.net.ssl.SSLSocket)) {
          socket.shutdownOutput();
        }
      }

      @Override
      boolean isClosed() {
        return socket.isClosed();
      }

      @Override
      public void close() throws IOException {
        socket.close();
      }
    };
  }

  static ClientLink unix(String path) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    // Not Channels.newInputStream/newOutputStream: those take the channel's blocking lock for each
    // call, so a blocked read would hold up every write.
    InputStream in = new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      }
    };
    return new ClientLink() {
      @Override
      InputStream in() {
        return in;
      }

      @Override
      OutputStream out() {
        return out;
      }

      @Override
      void shutdownOutput() throws IOException {
        channel.shutdownOutput();
      }

      @Override
      boolean isClosed() {
        return !channel.isOpen();
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
