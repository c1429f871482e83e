package io.netbus.udp;

import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.NetRules;
import io.netbus.udp.service.Datagram;
import io.netbus.udp.forward.UdpForwarder;
import io.netbus.udp.service.UdpService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP listener: owns its DatagramSocket, publishes every admitted datagram on
 * {@code netbus.udp.<name>.in} and sends its service's answer back to the sender. A datagram
 * longer than {@code maxDatagram}, or one arriving while {@code maxInFlight} answers are pending,
 * is logged at debug and dropped before it reaches the bus (so {@code maxInFlight} bounds the
 * bus traffic a flood causes too); nothing a peer sends closes the socket.
 */
public final class UdpListenerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UdpListenerVerticle.class);
  /**
   * Netty reads datagrams into a fixed-size buffer and silently truncates longer ones (2048 bytes
   * by default). 65536 holds any UDP payload, so a datagram is either accepted whole or dropped
   * as over {@code maxDatagram}, never cut. (Vert.x sets SO_RCVBUF to the same value; a listener
   * then raises it with {@link ReceiveQueue}.)
   */
  static final int READ_BUFFER = 65536;

  private final UdpListenerConfig config;
  private final int index;
  private DatagramSocket socket;
  private UdpService service;
  /** Set for a forward listener: its datagrams go to the forwarder, not to a service. */
  private UdpForwarder forwarder;
  private EventBus bus;
  private String inAddress;
  private int inFlight;
  private volatile int port = -1;
  private volatile int receiveQueue = -1;
  private volatile long dropped;
  private volatile long received;
  private ListenerStats stats;
  private final NetRules rules;

  private final boolean reusePort;

  public UdpListenerVerticle(UdpListenerConfig config, int index) {
    this(config, index, false);
  }

  /** {@code reusePort}: one of several sockets sharing the listener's port (SO_REUSEPORT, native transport). */
  public UdpListenerVerticle(UdpListenerConfig config, int index, boolean reusePort) {
    this.config = config;
    this.index = index;
    this.rules = config.rules();
    this.reusePort = reusePort;
  }

  /** The bound port (useful with port 0), or -1 before the socket is bound. */
  public int port() {
    return port;
  }

  /** The socket's SO_RCVBUF as the kernel granted it (bytes), or -1 when it could not be set. */
  public int receiveQueue() {
    return receiveQueue;
  }

  /** Datagrams this socket received so far (with {@code instances}, the kernel splits them by sender). */
  public long received() {
    return received;
  }

  /** Datagrams dropped so far (over maxDatagram, over maxInFlight, or a failed reply). */
  public long dropped() {
    return dropped;
  }

  public String name() {
    return config.name();
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    stats = NodeStats.of(vertx).retain(UdpConfig.SECTION, config.name());
    inAddress = UdpAddresses.in(config.name());
    socket = vertx.createDatagramSocket(socketOptions(config.ipV6()).setReuseAddress(config.multicast() != null)
        .setReusePort(reusePort));
    if (config.forward() != null) {
      forwarder = new UdpForwarder(vertx, config.name(), config.forward(), socket, socketOptions(false),
          config.maxInFlight());
    } else {
      service = UdpService.of(vertx, config);
    }
    receiveQueue = ReceiveQueue.enlarge(socket, ReceiveQueue.BYTES);
    socket.handler(this::onDatagram);
    socket.exceptionHandler(this::onSocketError);
    Future<Void> forwarding = forwarder == null ? Future.succeededFuture()
        : forwarder.start(UdpConfig.key(index, "service"));
    return forwarding.compose(v -> socket.listen(config.port(), config.host())
        .recover(err -> Future.failedFuture(new ConfigException(UdpConfig.key(index, "port"),
            "cannot bind udp " + config.host() + ":" + config.port() + ": " + reason(err), err))))
        .compose(bound -> joinGroup())
        .onSuccess(v -> {
          port = socket.localAddress().port();
          stats.address(config.host() + ":" + port);
          LOG.info("udp {} ({}) listening on {}{}", config.name(), describe(),
              Datagram.format(SocketAddress.inetSocketAddress(port, config.host())),
              config.multicast() == null ? "" : ", group " + config.multicast() + " on " + config.multicastInterface());
        })
        .onFailure(err -> NodeStats.of(vertx).release(stats));
  }

  @Override
  public Future<?> stop() {
    if (dropped > 0) {
      LOG.info("udp {}: {} datagrams dropped while it ran (see debug log)", config.name(), dropped);
    }
    NodeStats.of(vertx).release(stats);
    return forwarder == null ? socket.close() : Future.join(forwarder.stop(), socket.close()).mapEmpty();
  }

  /** Options every netbus datagram socket uses: a read buffer that never truncates a datagram. */
  public static DatagramSocketOptions socketOptions(boolean ipV6) {
    return new DatagramSocketOptions().setReceiveBufferSize(READ_BUFFER).setIpV6(ipV6);
  }

  private Future<Void> joinGroup() {
    if (config.multicast() == null) {
      return Future.succeededFuture();
    }
    return socket.listenMulticastGroup(config.multicast(), config.multicastInterface(), null)
        .recover(err -> Future.failedFuture(new ConfigException(UdpConfig.key(index, "multicast"),
            "cannot join " + config.multicast() + " on " + config.multicastInterface() + ": " + reason(err), err)));
  }

  private void onDatagram(DatagramPacket packet) {
    received = received + 1; // written on this socket's event loop only
    if (!rules.isOpen() && !rules.permits(packet.sender().hostAddress())) {
      drop(packet, "the sender is refused by allow/deny");
      return;
    }
    Buffer data = packet.data();
    stats.frameIn(data.length());
    if (data.length() > config.maxDatagram()) {
      drop(packet, data.length() + "-byte datagram is over maxDatagram " + config.maxDatagram());
      return;
    }
    if (forwarder != null) {
      forwarder.onDatagram(packet);
      return;
    }
    if (inFlight >= config.maxInFlight()) {
      drop(packet, "maxInFlight " + config.maxInFlight() + " answers already pending");
      return;
    }
    Datagram datagram = new Datagram(config.name(), packet.sender(), data);
    if (config.publish()) {
      bus.publish(inAddress, datagram.body());
    }
    inFlight++;
    Future<Buffer> answer;
    try {
      answer = service.answer(datagram);
    } catch (RuntimeException e) {
      inFlight--;
      drop(packet, "service failed: " + e);
      return;
    }
    answer.onComplete(reply -> {
      if (reply.succeeded() && reply.result() != null) {
        reply(packet, reply.result());
      } else {
        inFlight--;
      }
    });
  }

  private void reply(DatagramPacket packet, Buffer reply) {
    socket.send(reply, packet.sender().port(), packet.sender().host()).onComplete(sent -> {
      inFlight--;
      if (sent.succeeded()) {
        stats.frameOut(reply.length());
      } else {
        dropped = dropped + 1;
        LOG.debug("udp {}: reply to {} not sent", config.name(), Datagram.format(packet.sender()), sent.cause());
      }
    });
  }

  private void drop(DatagramPacket packet, String why) {
    dropped = dropped + 1; // written on this listener's event loop only; volatile for readers elsewhere
    stats.refused();
    if (LOG.isDebugEnabled()) {
      LOG.debug("udp {}: dropped a datagram from {}: {}", config.name(), Datagram.format(packet.sender()), why);
    }
  }

  private void onSocketError(Throwable err) {
    // Netty keeps a datagram channel open on socket errors (an ICMP unreachable, a failed read): so do we.
    LOG.debug("udp {}: socket error, still serving", config.name(), err);
  }

  /** The forwarder of a forward listener (sessions, drops), or null. */
  public UdpForwarder forwarder() {
    return forwarder;
  }

  private String describe() {
    if (forwarder != null) {
      return "forward to " + config.forward().target();
    }
    return config.busAddress() != null ? "bus " + config.busAddress() : (String) config.service();
  }

  private static String reason(Throwable err) {
    return err.getMessage() == null ? err.toString() : err.getMessage();
  }
}
