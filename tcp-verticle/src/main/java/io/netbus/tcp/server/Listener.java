package io.netbus.tcp.server;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.netbus.contract.InternalAddresses;
import io.netbus.contract.Payload;
import io.netbus.contract.framing.Framing;
import io.netbus.contract.framing.RawLines;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.Admission;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.api.TcpListenerConfig;
import io.netbus.tcp.forward.Forwarder;
import io.netbus.tcp.service.BusService;
import io.netbus.tcp.service.ChatService;
import io.netbus.tcp.service.EchoService;
import io.netbus.tcp.service.GreetService;
import io.netbus.tcp.service.Service;
import io.netbus.tcp.service.TimeService;
import io.netbus.tcp.service.UpperService;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener on one verticle instance: its NetServer (sharing the port with the listener's
 * other instances), its connections, and its bus side ({@code .in}, {@code .out},
 * {@code .events}, and the internal per-instance and fan-out addresses that route {@code .out}
 * writes and chat lines to every instance on every node).
 */
public final class Listener {

  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

  // headers of internal fan-out messages (body: the payload, unframed); under the internal
  // header prefix, which the bridge never takes from a client
  private static final String H_ORIGIN = InternalAddresses.HEADER_PREFIX + "o";
  private static final String H_EXCEPT = InternalAddresses.HEADER_PREFIX + "x";
  private static final String H_TERMINATOR = InternalAddresses.HEADER_PREFIX + "t";
  private static final String H_CLOSE = InternalAddresses.HEADER_PREFIX + "c";
  private static final String H_NO_PAYLOAD = InternalAddresses.HEADER_PREFIX + "n";

  private final Vertx vertx;
  private final EventBus bus;
  private final TcpListenerConfig config;
  private final String key;
  private final int bindPort;
  private final String name;
  private final Framing framing;
  private final String instanceId;
  private final AtomicInteger connectionCount;
  private final AtomicLong refusals;
  private final boolean fanout;
  private final boolean publish;
  private final String inAddress;
  private final String eventsAddress;
  private final String fanoutAddress;
  private final Buffer welcome;
  private final Service service;
  /** Set for a forward listener: its connections go to the forwarder, not to framing and a service. */
  private final Forwarder forwarder;
  private final Admission admission;
  private final Map<String, Connection> connections = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long sequence;
  private NetServer server;
  private ListenerStats stats;
  /** Detaches the forwarder's byte and failure counters from {@link #stats}. */
  private Runnable forwardCounters = () -> { };

  Listener(Vertx vertx, TcpListenerConfig config, NodeSecurity node, String key, String instanceId, int bindPort,
      AtomicInteger connectionCount,
      AtomicLong refusals, boolean fanout) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.config = config;
    this.key = key;
    this.bindPort = bindPort;
    this.name = config.name();
    this.framing = config.framingKind();
    this.instanceId = instanceId;
    this.connectionCount = connectionCount;
    this.refusals = refusals;
    this.fanout = fanout;
    this.publish = config.publish();
    this.inAddress = TcpAddresses.in(name);
    this.eventsAddress = TcpAddresses.events(name);
    this.fanoutAddress = TcpAddresses.fanout(name);
    this.welcome = config.welcome() == null || config.welcome().isEmpty() ? null : Buffer.buffer(config.welcome());
    // a TLS target is verified against the node's tls.ca (config validation requires the section);
    // without one (netbus forward, no --ca) the JVM's trusted CAs
    this.forwarder = config.forward() == null ? null : new Forwarder(vertx, name, config.forward(), eventsAddress,
        node.tls().filter(TlsSection::hasAuthorities).map(t -> TlsOptionsFactory.client(t).getSslOptions().copy())
            .orElse(null), config.tcpNoDelay());
    this.service = forwarder == null ? createService(config) : null;
    this.admission = new Admission("tcp " + name, config.security(), node, refusals::incrementAndGet);
  }

  private Service createService(TcpListenerConfig config) {
    return switch (config.serviceName()) {
      case "echo" -> new EchoService();
      case "upper" -> new UpperService();
      case "greet" -> new GreetService();
      case "time" -> new TimeService();
      case "chat" -> new ChatService();
      case TcpListenerConfig.ADDRESS -> new BusService(bus, config.serviceAddress(), config.requestTimeoutMs(),
          config.maxInFlight());
      default -> throw new IllegalStateException("unknown service " + config.serviceName());
    };
  }

  public String name() {
    return name;
  }

  Vertx vertx() {
    return vertx;
  }

  TcpListenerConfig config() {
    return config;
  }

  Framing framing() {
    return framing;
  }

  /** Raw framing and a text service: a chunk is cut into lines ({@link RawLines}). */
  boolean splitsRawLines() {
    return framing == Framing.RAW && service.linesInRaw();
  }

  /** This instance's connections (same event loop as the caller). */
  Collection<Connection> connections() {
    return connections.values();
  }

  /** The port actually bound (useful with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  Future<Void> start() {
    NetServerOptions options = new NetServerOptions()
        .setHost(config.host())
        .setPort(bindPort)
        .setReuseAddress(config.reuseAddress())
        .setAcceptBacklog(config.backlog())
        .setTcpNoDelay(config.tcpNoDelay())
        .setTcpKeepAlive(config.keepAlive());
    if (config.idleTimeoutSeconds() > 0) {
      options.setReadIdleTimeout(config.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    stats = NodeStats.of(vertx).retain(TcpConfig.SECTION, name).tls(admission.tls());
    if (forwarder != null) {
      forwardCounters = stats.countForwarded(forwarder::bytesUp, forwarder::bytesDown, forwarder::failures);
    }
    consumers.add(bus.<Object>consumer(TcpAddresses.out(name), this::onOut));
    consumers.add(bus.<Object>consumer(TcpAddresses.outOf(name, instanceId), this::onOut));
    consumers.add(bus.<Buffer>consumer(fanoutAddress, this::onFanout));
    List<Future<?>> ready = new ArrayList<>();
    consumers.forEach(c -> ready.add(c.completion()));
    NetServer netServer = vertx.createNetServer(options).connectHandler(this::onAccept);
    // a unix socket's file was checked (and a stale one removed) by TcpVerticle before the instances start
    Future<NetServer> bound = admission.prepare(vertx).compose(v -> ForwardTarget.isUnix(config.host())
        ? netServer.listen(SocketAddress.domainSocketAddress(config.host().substring(ForwardTarget.UNIX.length())))
        : netServer.listen())
        .recover(err -> Future.failedFuture(new ConfigException(key + (hostProblem(err) ? ".host" : ".port"),
            "cannot listen on " + config.host() + ":" + config.port() + ": " + err.getMessage(), err)));
    ready.add(bound.onSuccess(s -> {
      server = s;
      stats.address(config.host() + ":" + s.actualPort());
      LOG.debug("tcp {} instance {} listening on {}:{} ({}, {} framing)", name, instanceId, config.host(),
          s.actualPort(), config.serviceName(), config.framing());
    }));
    // join, not all: every part settles before the start fails, so a failed start is not
    // followed by an undeploy racing parts that are still binding or registering.
    return Future.join(ready).<Void>mapEmpty().onFailure(err -> {
      forwardCounters.run();
      NodeStats.of(vertx).release(stats);
    });
  }

  /** A bind that failed because of the host (unknown name, not an address of this machine), not the port. */
  private static boolean hostProblem(Throwable err) {
    String m = String.valueOf(err.getMessage());
    return err instanceof java.net.UnknownHostException || m.contains("Failed to resolve")
        || m.contains("Cannot assign requested address");
  }

  Future<Void> stop() {
    forwardCounters.run();
    NodeStats.of(vertx).release(stats);
    List<Future<?>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    if (server != null) {
      done.add(server.close());
    }
    if (forwarder != null) {
      done.add(forwarder.close());
    }
    return Future.join(done).mapEmpty();
  }

  /** Network rules and TLS first: a refused peer never reaches the connection limit or the service. */
  private void onAccept(NetSocket socket) {
    admission.admit(socket, this::onConnect);
  }

  private void onConnect(NetSocket socket) {
    int max = config.maxConnections();
    if (connectionCount.incrementAndGet() > max) {
      connectionCount.decrementAndGet();
      stats.refused();
      long n = refusals.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("tcp {}: refused a connection from {}: maxConnections {} reached ({} refused so far)", name,
            Connection.format(socket.remoteAddress()), max, n);
      }
      Buffer note = Buffer.buffer("netbus: too many connections (maxConnections " + max + "), try again later");
      socket.write(framing == Framing.RAW ? note.appendByte((byte) '\n') : framing.encode(note));
      socket.close();
      return;
    }
    if (forwarder != null) {
      onForward(socket);
      return;
    }
    Connection c = new Connection(this, socket, instanceId + "-" + (++sequence));
    connections.put(c.id(), c);
    stats.opened();
    c.start();
    bus.publish(eventsAddress, event(TcpAddresses.OPEN_EVENT, c));
    if (welcome != null) {
      c.writeFramed(framing == Framing.RAW ? welcome : framing.encode(welcome));
    }
    service.onOpen(c);
  }

  /** A forward listener's connection: open and close events, the count, and the bytes to the forwarder. */
  private void onForward(NetSocket socket) {
    String id = instanceId + "-" + (++sequence);
    String remote = Connection.format(socket.remoteAddress());
    JsonObject open = new JsonObject().put(TcpAddresses.EVENT, TcpAddresses.OPEN_EVENT).put(TcpAddresses.LISTENER, name)
        .put(TcpAddresses.CONNECTION, id).put(TcpAddresses.REMOTE, remote);
    bus.publish(eventsAddress, open);
    stats.opened();
    forwarder.accept(socket, id, remote, () -> {
      connectionCount.decrementAndGet();
      stats.closed();
      bus.publish(eventsAddress, open.copy().put(TcpAddresses.EVENT, TcpAddresses.CLOSE_EVENT));
    });
  }

  void onClosed(Connection c) {
    if (connections.remove(c.id()) != null) {
      connectionCount.decrementAndGet();
      stats.closed();
      service.onClose(c);
      bus.publish(eventsAddress, event(TcpAddresses.CLOSE_EVENT, c));
    }
  }

  private JsonObject event(String kind, Connection c) {
    return new JsonObject().put(TcpAddresses.EVENT, kind).put(TcpAddresses.LISTENER, name)
        .put(TcpAddresses.CONNECTION, c.id()).put(TcpAddresses.REMOTE, c.remote());
  }

  void onMessage(Connection c, Buffer message) {
    stats.frameIn(message.length());
    if (publish) {
      bus.publish(inAddress, Payload.put(new JsonObject().put(TcpAddresses.LISTENER, name)
          .put(TcpAddresses.CONNECTION, c.id()).put(TcpAddresses.REMOTE, c.remote()), message));
    }
    service.onMessage(c, message);
  }

  /** This listener's counters on this node (all instances together). */
  ListenerStats stats() {
    return stats;
  }

  /** {@code payload} framed for this listener's clients; raw framing appends {@code rawTerminator}. */
  Buffer frame(Buffer payload, Buffer rawTerminator) {
    if (framing == Framing.RAW) {
      return rawTerminator.length() == 0 ? payload : payload.copy().appendBuffer(rawTerminator);
    }
    return framing.encode(payload);
  }

  /**
   * Sends {@code payload} to every client of this listener except {@code except}: this instance's
   * directly, the other instances' and nodes' through the fan-out address.
   */
  void broadcast(Buffer payload, Buffer rawTerminator, Connection except) {
    Buffer framed = frame(payload, rawTerminator);
    for (Connection c : connections.values()) {
      if (c != except) {
        c.writeFramed(framed);
      }
    }
    if (fanout) {
      DeliveryOptions options = new DeliveryOptions().addHeader(H_ORIGIN, instanceId)
          .addHeader(H_TERMINATOR, rawTerminator.toString());
      if (except != null) {
        options.addHeader(H_EXCEPT, except.id());
      }
      bus.publish(fanoutAddress, payload, options);
    }
  }

  private void onFanout(Message<Buffer> message) {
    MultiMap headers = message.headers();
    if (instanceId.equals(headers.get(H_ORIGIN))) {
      return;
    }
    String except = headers.get(H_EXCEPT);
    String term = headers.get(H_TERMINATOR);
    Buffer framed = headers.contains(H_NO_PAYLOAD) ? null
        : frame(message.body(), term == null || term.isEmpty() ? Connection.NONE : Buffer.buffer(term));
    boolean close = headers.contains(H_CLOSE);
    for (Connection c : new ArrayList<>(connections.values())) {
      if (!c.id().equals(except)) {
        if (framed != null && framed.length() > 0) {
          c.writeFramed(framed);
        }
        if (close) {
          c.closeAfterReplies();
        }
      }
    }
  }

  /**
   * {@code .out}: {@code {text|data, connection?, close?}}. With a connection, its owner writes
   * (a send that lands on another instance is forwarded to the owner's address); without, every
   * connection of the listener on every instance and node gets it.
   */
  private void onOut(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      message.fail(TcpAddresses.BAD_REQUEST, "expected a JSON object {text|data, connection?, close?}");
      return;
    }
    boolean close = Boolean.TRUE.equals(body.getValue(TcpAddresses.CLOSE));
    Buffer payload;
    try {
      payload = Payload.present(body) ? Payload.bytes(body) : null;
    } catch (IllegalArgumentException e) {
      message.fail(TcpAddresses.BAD_REQUEST, e.getMessage());
      return;
    }
    if (payload == null && !close) {
      message.fail(TcpAddresses.BAD_REQUEST, "nothing to do: give 'text' or 'data', and/or \"close\": true");
      return;
    }
    Object target = body.getValue(TcpAddresses.CONNECTION);
    if (target != null && !(target instanceof String)) {
      message.fail(TcpAddresses.BAD_REQUEST, "'connection' must be a string");
      return;
    }
    if (target == null) {
      if (message.isSend()) {
        // reached one instance only: fan out to all (this one included)
        DeliveryOptions options = new DeliveryOptions().addHeader(H_ORIGIN, "");
        if (close) {
          options.addHeader(H_CLOSE, "1");
        }
        if (payload == null) {
          options.addHeader(H_NO_PAYLOAD, "1");
        }
        bus.publish(fanoutAddress, payload == null ? Buffer.buffer() : payload, options);
      } else {
        writeLocal(payload, close);
      }
      message.reply(new JsonObject());
      return;
    }
    String id = (String) target;
    Connection c = connections.get(id);
    if (c != null) {
      if (payload != null) {
        c.writeFramed(frame(payload, Connection.NONE));
      }
      if (close) {
        c.closeAfterReplies();
      }
      message.reply(new JsonObject());
      return;
    }
    if (!message.isSend()) {
      return; // a publish: the owner (if any) writes it
    }
    String owner = TcpAddresses.instanceOf(id);
    if (owner == null || owner.equals(instanceId) || message.address().endsWith(instanceId)) {
      message.fail(TcpAddresses.NOT_FOUND, "no connection " + id + " on tcp listener " + name);
      return;
    }
    bus.request(TcpAddresses.outOf(name, owner), body)
        .onSuccess(reply -> message.reply(reply.body()))
        .onFailure(err -> {
          if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            message.fail(re.failureCode(), re.getMessage());
          } else {
            message.fail(TcpAddresses.NOT_FOUND, "no connection " + id + " on tcp listener " + name);
          }
        });
  }

  private void writeLocal(Buffer payload, boolean close) {
    Buffer framed = payload == null ? null : frame(payload, Connection.NONE);
    for (Connection c : new ArrayList<>(connections.values())) {
      if (framed != null) {
        c.writeFramed(framed);
      }
      if (close) {
        c.closeAfterReplies();
      }
    }
  }
}
