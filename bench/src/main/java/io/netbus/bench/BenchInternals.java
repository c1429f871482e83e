package io.netbus.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.datagram.DatagramSocket;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bench module's one reach into Vert.x internals: the kernel receive queue (SO_RCVBUF) of a
 * client datagram socket, set apart from its read buffer. Vert.x's
 * {@code DatagramSocketOptions.setReceiveBufferSize(n)} sets both at once; the UDP bench needs a
 * 64 KiB read buffer (no reply truncated) and a queue that holds a full window of replies, so the
 * load generator is never the one dropping them. This sets SO_RCVBUF on the socket's Netty
 * channel; when the channel cannot be reached (a Vert.x whose internals changed) the socket keeps
 * its own queue and a debug line says so. {@code BenchInternalsTest} is the canary for upgrades.
 * (udp-verticle keeps its own copy for its listeners: the bench never depends on a verticle module.)
 */
final class BenchInternals {

  /** SO_RCVBUF asked for: 1 MiB. Linux caps it at {@code net.core.rmem_max} and doubles it. */
  static final int RECEIVE_QUEUE_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(BenchInternals.class);

  private BenchInternals() {
  }

  /**
   * Asks for an SO_RCVBUF of {@code bytes} on {@code socket} (call it before {@code listen}), never
   * making it smaller than it is. Returns the size the kernel granted, or -1 if it could not be set.
   */
  static int enlargeReceiveQueue(DatagramSocket socket, int bytes) {
    try {
      Channel channel = channel(socket);
      Integer current = channel.config().getOption(ChannelOption.SO_RCVBUF);
      if (current == null || current < bytes) {
        channel.config().setOption(ChannelOption.SO_RCVBUF, bytes);
      }
      Integer granted = channel.config().getOption(ChannelOption.SO_RCVBUF);
      return granted == null ? -1 : granted;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("bench udp: cannot set SO_RCVBUF to {} bytes, the socket keeps its own: {}", bytes, e.toString());
      return -1;
    }
  }

  private static Channel channel(DatagramSocket socket) throws ReflectiveOperationException {
    Field field = socket.getClass().getDeclaredField("channel");
    field.setAccessible(true);
    return (Channel) field.get(socket);
  }
}
