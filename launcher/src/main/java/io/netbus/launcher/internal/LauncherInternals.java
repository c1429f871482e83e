package io.netbus.launcher.internal;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.logging.LoggerFactory;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import sun.misc.Signal;

/**
 * The launcher's only reach into Vert.x implementation classes and the JDK's {@code sun.misc},
 * kept in one place so an upgrade that moves them breaks here (and in
 * {@code LauncherInternalsTest}) rather than quietly elsewhere: the names of Vert.x's internal
 * loggers whose noise netbus filters, Vert.x's own logging start-up, the cluster manager's member
 * list, OS signal handling (the JDK has no public API for SIGTERM/SIGINT), and the clustered
 * event bus's connections to peer nodes ({@code ClusteredEventBus.outboundConnections}, each
 * {@code OutboundConnection.socket}), which {@code PeerQueueLimit} wraps because Vert.x 5.0.8
 * writes to them without looking at their write queue.
 */
public final class LauncherInternals {

  /** Logs an ERROR for a reset connection that has no exception handler of its own. */
  public static final String CONNECTION_LOGGER = "io.vertx.core.net.impl.ConnectionBase";
  /** Logs an ERROR when a {@code sendFile} stops because the connection went away. */
  public static final String SEND_FILE_LOGGER = "io.vertx.core.net.impl.VertxConnection";
  /** Logs the stack trace of a failed clustered start. */
  public static final String VERTX_LOGGER = "io.vertx.core.impl.VertxImpl";
  /** Logs the clustered event bus's connection warnings. */
  public static final String CLUSTERED_BUS_LOGGERS = "io.vertx.core.eventbus.impl.clustered";

  private static final Field PEER_CONNECTIONS;
  private static final Field PEER_SOCKET;

  static {
    Field connections = null;
    Field socket = null;
    try {
      connections = Class.forName("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus")
          .getDeclaredField("outboundConnections");
      connections.setAccessible(true);
      socket = Class.forName("io.vertx.core.eventbus.impl.clustered.OutboundConnection").getDeclaredField("socket");
      socket.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      connections = null;
      socket = null;
    }
    PEER_CONNECTIONS = connections;
    PEER_SOCKET = socket;
  }

  private LauncherInternals() {
  }

  /** True when this Vert.x still has the clustered event bus fields reached below. */
  public static boolean peerConnectionsReachable() {
    return PEER_CONNECTIONS != null && PEER_SOCKET != null && NetSocket.class.isAssignableFrom(PEER_SOCKET.getType())
        && Map.class.isAssignableFrom(PEER_CONNECTIONS.getType());
  }

  /** True when {@code bus} is a clustered event bus whose peer connections can be reached. */
  public static boolean hasPeerConnections(EventBus bus) {
    return peerConnectionsReachable() && PEER_CONNECTIONS.getDeclaringClass().isInstance(bus);
  }

  /** The clustered bus's connections to peer nodes, live (empty when they cannot be reached). */
  public static Collection<?> peerConnections(EventBus bus) {
    try {
      return ((Map<?, ?>) PEER_CONNECTIONS.get(bus)).values();
    } catch (IllegalAccessException | RuntimeException e) {
      return List.of();
    }
  }

  /** The socket a peer connection writes to; null until it is connected. */
  public static NetSocket peerSocket(Object connection) {
    try {
      return (NetSocket) PEER_SOCKET.get(connection);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Replaces a peer connection's socket by {@code wrapper(current)} if it is still {@code current},
   * under the monitor Vert.x holds while it writes and connects.
   */
  public static void wrapPeerSocket(Object connection, NetSocket current, UnaryOperator<NetSocket> wrapper) {
    synchronized (connection) {
      try {
        if (PEER_SOCKET.get(connection) == current) {
          PEER_SOCKET.set(connection, wrapper.apply(current));
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot wrap a cluster connection's socket", e);
      }
    }
  }

  /** Initialises Vert.x's logging (its SLF4J bridge) now, on the calling thread. */
  public static void initialiseVertxLogging(Class<?> owner) {
    LoggerFactory.getLogger(owner);
  }

  /** The cluster manager's member ids, or an empty list when {@code vertx} is not clustered. */
  public static List<String> clusterNodes(Vertx vertx) {
    VertxInternal internal = (VertxInternal) vertx;
    return internal.clusterManager() == null ? List.of() : internal.clusterManager().getNodes();
  }

  /**
   * Calls {@code handler} with the signal's name (e.g. {@code TERM}) when the process gets it.
   * Throws {@link IllegalArgumentException} or {@link UnsupportedOperationException} when the
   * signal cannot be handled on this platform or is reserved by the JVM.
   */
  public static void onSignal(String name, Consumer<String> handler) {
    Signal.handle(new Signal(name), signal -> handler.accept(signal.getName()));
  }
}
