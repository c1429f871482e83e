package io.netbus.udp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.datagram.DatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel receive queue (SO_RCVBUF) of a netbus datagram socket, set apart from its read buffer.
 *
 * <p>Vert.x's {@code DatagramSocketOptions.setReceiveBufferSize(n)} sets two things at once: the
 * buffer Netty reads each datagram into and SO_RCVBUF. netbus needs the read buffer at 64 KiB (so
 * no datagram is ever truncated), which left SO_RCVBUF at 64 KiB, 128 KiB once Linux doubles it:
 * that queue holds about 157 datagrams of 64 bytes, where a socket with the default
 * {@code net.core.rmem_default} (208 KiB) holds 256. A burst longer than that, or a scheduling hiccup
 * of the event loop, lost datagrams a bare Vert.x socket kept. Vert.x has no option for SO_RCVBUF
 * alone, so this sets it on the socket's Netty channel, reached through {@link UdpInternals}; when
 * that channel cannot be reached (a Vert.x whose internals changed), the socket keeps its 128 KiB
 * and a debug line says so.
 */
public final class ReceiveQueue {

  /** SO_RCVBUF asked for: 1 MiB. Linux caps it at {@code net.core.rmem_max} and doubles it. */
  public static final int BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ReceiveQueue.class);

  private ReceiveQueue() {
  }

  /**
   * Asks for an SO_RCVBUF of {@code bytes} on {@code socket} (call it before {@code listen}), never
   * making it smaller than it is. Returns the size the kernel granted, or -1 if it could not be set.
   */
  public static int enlarge(DatagramSocket socket, int bytes) {
    try {
      Channel channel = channel(socket);
      Integer current = channel.config().getOption(ChannelOption.SO_RCVBUF);
      if (current == null || current < bytes) {
        channel.config().setOption(ChannelOption.SO_RCVBUF, bytes);
      }
      Integer granted = channel.config().getOption(ChannelOption.SO_RCVBUF);
      return granted == null ? -1 : granted;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("udp: cannot set SO_RCVBUF to {} bytes, the socket keeps its own: {}", bytes, e.toString());
      return -1;
    }
  }

  /** The size the kernel reports for the socket's SO_RCVBUF, or -1 when it cannot be read. */
  public static int size(DatagramSocket socket) {
    try {
      Integer size = channel(socket).config().getOption(ChannelOption.SO_RCVBUF);
      return size == null ? -1 : size;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static Channel channel(DatagramSocket socket) throws ReflectiveOperationException {
    return UdpInternals.channel(socket);
  }
}
