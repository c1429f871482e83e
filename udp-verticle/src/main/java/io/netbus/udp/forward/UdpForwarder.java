package io.netbus.udp.forward;

import io.netbus.contract.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward service of one UDP listener. Each sender gets a session: an upstream socket of its
 * own, so the target sees one peer per sender and its answers can be told apart; whatever the
 * target sends to that socket goes back to that sender through the listener's socket. Sessions
 * end after {@code sessionTimeoutSeconds} without a datagram either way. Bounded: at most
 * {@code maxSessions} sessions and {@code maxInFlight} sends pending; datagrams beyond either
 * are dropped and counted, as UDP would drop them.
 */
public final class UdpForwarder {

  private static final Logger LOG = LoggerFactory.getLogger(UdpForwarder.class);

  private final Vertx vertx;
  private final String listener;
  private final UdpForwardConfig config;
  private final DatagramSocket front;
  private final DatagramSocketOptions upstreamOptions;
  private final int maxInFlight;
  private final Map<String, Session> sessions = new HashMap<>();
  private final long timeoutNanos;
  private String targetIp;
  private long sweeper = -1;
  private int inFlight;
  private volatile long dropped;

  /**
   * @param front the listener's socket: datagrams arrive on it and answers leave from it
   * @param upstreamOptions options of the per-sender sockets (read buffer large enough for any datagram)
   */
  public UdpForwarder(Vertx vertx, String listener, UdpForwardConfig config, DatagramSocket front,
      DatagramSocketOptions upstreamOptions, int maxInFlight) {
    this.vertx = vertx;
    this.listener = listener;
    this.config = config;
    this.front = front;
    this.upstreamOptions = upstreamOptions;
    this.maxInFlight = maxInFlight;
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(config.sessionTimeoutSeconds());
  }

  /**
   * Resolves the target once (a name that does not resolve is a config error naming
   * {@code serviceKey}) and starts ending idle sessions.
   */
  public Future<Void> start(String serviceKey) {
    String host = config.target().host();
    return vertx.executeBlocking(() -> InetAddress.getByName(host))
        .recover(err -> Future.failedFuture(new ConfigException(serviceKey + "." + UdpForwardConfig.FORWARD,
            "'" + host + "' does not resolve to an address", err)))
        .map(address -> {
          targetIp = address.getHostAddress();
          upstreamOptions.setIpV6(address instanceof Inet6Address);
          long every = Math.min(1000, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4);
          sweeper = vertx.setPeriodic(every, id -> endIdleSessions());
          return null;
        });
  }

  public Future<Void> stop() {
    vertx.cancelTimer(sweeper);
    List<Future<?>> closed = new ArrayList<>();
    sessions.values().forEach(s -> closed.add(s.close()));
    sessions.clear();
    if (dropped > 0) {
      LOG.info("udp {}: {} datagrams dropped by the forwarder while it ran", listener, dropped);
    }
    return Future.join(closed).mapEmpty();
  }

  /** Sessions open now. */
  public int sessions() {
    return sessions.size();
  }

  /** Datagrams dropped: new senders past maxSessions, sends past maxInFlight. */
  public long dropped() {
    return dropped;
  }

  /** A datagram from a sender on the listener's socket: on to the target through the sender's session. */
  public void onDatagram(DatagramPacket packet) {
    SocketAddress sender = packet.sender();
    String key = sender.hostAddress() + ":" + sender.port();
    Session session = sessions.get(key);
    if (session == null) {
      if (sessions.size() >= config.maxSessions()) {
        drop(sender, "maxSessions " + config.maxSessions() + " reached");
        return;
      }
      session = new Session(key, sender);
      sessions.put(key, session);
    }
    session.toTarget(packet.data());
  }

  private void endIdleSessions() {
    long now = System.nanoTime();
    sessions.values().removeIf(s -> {
      boolean idle = now - s.lastSeen > timeoutNanos;
      if (idle) {
        s.close();
      }
      return idle;
    });
  }

  private void drop(SocketAddress peer, String why) {
    dropped++;
    LOG.debug("udp {}: forward dropped a datagram from {}: {}", listener, peer, why);
  }

  /** Counts a send against maxInFlight until it completes; false when the bound is reached. */
  private boolean admit(SocketAddress peer) {
    if (inFlight >= maxInFlight) {
      drop(peer, "maxInFlight " + maxInFlight + " sends pending");
      return false;
    }
    inFlight++;
    return true;
  }

  /** One sender's upstream socket. */
  private final class Session {

    private final String key;
    private final SocketAddress client;
    private final DatagramSocket upstream;
    private final Future<DatagramSocket> bound;
    private long lastSeen = System.nanoTime();

    Session(String key, SocketAddress client) {
      this.key = key;
      this.client = client;
      this.upstream = vertx.createDatagramSocket(new DatagramSocketOptions(upstreamOptions));
      upstream.handler(this::fromTarget);
      upstream.exceptionHandler(err -> LOG.debug("udp {}: session {} socket error", listener, key, err));
      this.bound = upstream.listen(0, upstreamOptions.isIpV6() ? "::" : "0.0.0.0");
    }

    void toTarget(Buffer data) {
      lastSeen = System.nanoTime();
      if (!admit(client)) {
        return;
      }
      bound.compose(s -> s.send(data, config.target().port(), targetIp)).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          drop(client, "cannot send to " + config.target() + ": " + ar.cause().getMessage());
        }
      });
    }

    private void fromTarget(DatagramPacket packet) {
      // only the target may answer through a session: anything else reaching its port is dropped
      if (packet.sender().port() != config.target().port() || !targetIp.equals(packet.sender().hostAddress())) {
        drop(packet.sender(), "not from the target " + config.target() + " (session " + key + ")");
        return;
      }
      lastSeen = System.nanoTime();
      if (!admit(packet.sender())) {
        return;
      }
      front.send(packet.data(), client.port(), client.hostAddress()).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          drop(client, "cannot answer: " + ar.cause().getMessage());
        }
      });
    }

    Future<Void> close() {
      return upstream.close();
    }
  }
}
