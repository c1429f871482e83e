package io.netbus.bench.baseline;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The plain JDK baseline for UDP echo: one thread, a blocking {@link DatagramChannel}
 * receive/send loop. The upper bound a JVM server can hope for on one socket.
 *
 * <pre>java -cp netbus.jar io.netbus.bench.baseline.JdkUdpEcho PORT</pre>
 */
public final class JdkUdpEcho {

  private JdkUdpEcho() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.bind(new InetSocketAddress("127.0.0.1", port));
      System.out.println("listening " + port);
      ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
      while (true) {
        buffer.clear();
        SocketAddress sender = channel.receive(buffer);
        buffer.flip();
        channel.send(buffer, sender);
      }
    }
  }
}
