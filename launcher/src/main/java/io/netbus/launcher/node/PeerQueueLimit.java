package io.netbus.launcher.node;

import io.netbus.launcher.internal.LauncherInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what a node queues toward each peer node. Vert.x 5.0.8's clustered event bus writes every
 * message for a peer to that peer's connection whatever its write queue holds: a peer that is
 * frozen (SIGSTOP, a GC pause, a stalled network) makes the sender queue without bound until the
 * ping times the connection out (10 s here), which at a few hundred thousand messages a second is
 * gigabytes. This limit wraps each peer connection's socket and counts what is written to it and
 * not yet handed to the kernel (payload plus {@link #OVERHEAD} per message, wherever Vert.x or
 * Netty holds it); at most {@code maxBytes} may wait, and beyond that a message for that peer is
 * dropped at once, as if the network had lost it (a publish
 * does not reach that peer, a request to it times out). It is not reported as a failed write:
 * Vert.x 5.0.8 logs a stack trace for each failed cluster write ({@code OutboundDeliveryContext.tryFail}
 * returns false, so {@code Promise.fail} throws), which would turn a frozen peer into a log flood;
 * for the same reason the writes still queued when the connection to a dead peer closes complete
 * as written.
 * Other peers are not affected. The socket is wrapped by an
 * outbound interceptor before each message leaves, so a connection is bounded from its second
 * message on (the first ones wait for the connect, at most the connect timeout).
 */
public final class PeerQueueLimit {

  /** Default bound per peer node on bytes written and not yet sent. */
  public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
  /** Heap a queued message costs beyond its encoded bytes (write record, promise, buffer objects). */
  static final int OVERHEAD = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(PeerQueueLimit.class);

  private final EventBus bus;
  private final long maxBytes;

  private PeerQueueLimit(EventBus bus, long maxBytes) {
    this.bus = bus;
    this.maxBytes = maxBytes;
  }

  /** Installs the limit on a clustered node; false (and a warning) when this Vert.x cannot be bounded. */
  public static boolean install(Vertx vertx, long maxBytes) {
    EventBus bus = vertx.eventBus();
    if (!LauncherInternals.hasPeerConnections(bus)) {
      if (!LauncherInternals.peerConnectionsReachable()) {
        LOG.warn("cluster: cannot bound the queue toward each peer node on this Vert.x version; a frozen peer can grow"
            + " this node's heap until the event bus ping drops it");
      }
      return false; // a local event bus has no peers
    }
    PeerQueueLimit limit = new PeerQueueLimit(bus, maxBytes);
    bus.addOutboundInterceptor(ctx -> {
      limit.wrapNewConnections();
      ctx.next();
    });
    return true;
  }

  /** Wraps the socket of every connected peer connection not wrapped yet (a few peers: a short walk). */
  private void wrapNewConnections() {
    for (Object connection : LauncherInternals.peerConnections(bus)) {
      NetSocket socket = LauncherInternals.peerSocket(connection);
      if (socket != null && !Proxy.isProxyClass(socket.getClass())) {
        LauncherInternals.wrapPeerSocket(connection, socket, this::bounded);
      }
    }
  }

  private NetSocket bounded(NetSocket socket) {
    return (NetSocket) Proxy.newProxyInstance(NetSocket.class.getClassLoader(), new Class<?>[] {NetSocket.class},
        new Bounded(socket, maxBytes));
  }

  /** A peer socket whose writes are counted until sent, and dropped past the bound. */
  private static final class Bounded implements InvocationHandler {
    private final NetSocket socket;
    private final long maxBytes;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    Bounded(NetSocket socket, long maxBytes) {
      this.socket = socket;
      this.maxBytes = maxBytes;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (args != null && args.length == 1 && args[0] instanceof Buffer data && method.getName().equals("write")) {
        return write(data);
      }
      try {
        return method.invoke(socket, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private Future<Void> write(Buffer data) {
      long cost = data.length() + (long) OVERHEAD;
      if (waiting.addAndGet(cost) > maxBytes) {
        waiting.addAndGet(-cost);
        long n = refused.incrementAndGet();
        if (n == 1 || n % 100_000 == 0) {
          LOG.warn("cluster: peer at {} is not reading; {} bytes already wait for it, messages for it are dropped"
              + " ({} so far)", socket.remoteAddress(), maxBytes, n);
        }
        return Future.succeededFuture();
      }
      // a write that fails (the connection closed with messages queued) is reported as done, for
      // the same reason as a dropped one: Vert.x would log a stack trace for each
      return socket.write(data).transform(ar -> {
        waiting.addAndGet(-cost);
        return Future.succeededFuture();
      });
    }
  }
}
