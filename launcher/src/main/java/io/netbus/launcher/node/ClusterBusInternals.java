package io.netbus.launcher.node;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one place the launcher reaches into Vert.x 5.0.8's clustered event bus, for
 * {@link PeerQueueLimit}: the map of outbound connections to peer nodes
 * ({@code ClusteredEventBus.outboundConnections}) and the socket each writes to
 * ({@code OutboundConnection.socket}, set under the connection's monitor once connected).
 * Vert.x writes to that socket without looking at {@code writeQueueFull()}, so a frozen peer
 * grows its queue without bound; netbus wraps the socket with one that does. If an upgrade renames
 * these fields, {@link #available(EventBus)} says so and the node runs without the bound
 * (ClusterBusInternalsTest fails loudly first).
 */
final class ClusterBusInternals {

  private static final Field CONNECTIONS;
  private static final Field SOCKET;

  static {
    Field connections = null;
    Field socket = null;
    try {
      Class<?> bus = Class.forName("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus");
      connections = bus.getDeclaredField("outboundConnections");
      connections.setAccessible(true);
      Class<?> conn = Class.forName("io.vertx.core.eventbus.impl.clustered.OutboundConnection");
      socket = conn.getDeclaredField("socket");
      socket.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      connections = null;
      socket = null;
    }
    CONNECTIONS = connections;
    SOCKET = socket;
  }

  private ClusterBusInternals() {
  }

  /** True when this Vert.x still has the fields reached here (the canary test asserts it). */
  static boolean resolved() {
    return CONNECTIONS != null && SOCKET != null && NetSocket.class.isAssignableFrom(SOCKET.getType())
        && Map.class.isAssignableFrom(CONNECTIONS.getType());
  }

  /** True when {@code bus} is a clustered event bus whose connections this class can reach. */
  static boolean available(EventBus bus) {
    return CONNECTIONS != null && SOCKET != null && CONNECTIONS.getDeclaringClass().isInstance(bus);
  }

  /** The outbound connections to peer nodes, live (empty when not available). */
  static Collection<?> outboundConnections(EventBus bus) {
    try {
      return ((Map<?, ?>) CONNECTIONS.get(bus)).values();
    } catch (IllegalAccessException | RuntimeException e) {
      return List.of();
    }
  }

  /** The socket a connection writes to; null until it is connected. */
  static NetSocket socket(Object connection) {
    try {
      return (NetSocket) SOCKET.get(connection);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Replaces the connection's socket by {@code wrapper(socket)} if it is still {@code current},
   * under the monitor Vert.x holds while it writes and connects.
   */
  static void wrapSocket(Object connection, NetSocket current, java.util.function.UnaryOperator<NetSocket> wrapper) {
    synchronized (connection) {
      try {
        if (SOCKET.get(connection) == current) {
          SOCKET.set(connection, wrapper.apply(current));
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot wrap a cluster connection's socket", e);
      }
    }
  }
}
