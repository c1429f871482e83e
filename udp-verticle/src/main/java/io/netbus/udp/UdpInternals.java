package io.netbus.udp;

import io.netty.channel.Channel;
import io.vertx.core.datagram.DatagramSocket;
import java.lang.reflect.Field;

/**
 * The only place udp-verticle touches Vert.x internals: the Netty channel under a
 * {@link DatagramSocket}, reached by reflection on the implementation's {@code channel} field,
 * because Vert.x has no public way to set SO_RCVBUF apart from the read buffer (see
 * {@link ReceiveQueue}). When an upgrade renames or removes the field, {@code UdpInternalsTest}
 * fails naming it; at run time callers fall back to the socket's own settings.
 */
final class UdpInternals {

  /** The implementation field that holds the Netty channel (DatagramSocketImpl in Vert.x 5.0). */
  static final String CHANNEL_FIELD = "channel";

  private UdpInternals() {
  }

  /** The socket's Netty channel; fails when this Vert.x does not keep it where netbus looks. */
  static Channel channel(DatagramSocket socket) throws ReflectiveOperationException {
    Field field = socket.getClass().getDeclaredField(CHANNEL_FIELD);
    field.setAccessible(true);
    return (Channel) field.get(socket);
  }
}
