package io.netbus.tcp.forward;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.netbus.contract.NodeInfo;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TargetGate;
import io.netbus.security.Targets;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.server.TcpInternals;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialling side of {@code via} forwarding on this node: answers
 * {@code netbus.internal.forward.<this node>.open} by connecting to the target and joining that
 * connection to the opener's stream ({@link BusStream}). The target must pass this node's
 * {@code tcp.targets} (a listener on another node cannot reach what this node's rules forbid:
 * the open fails 403 naming it); a {@code "tls": true} target is verified against this node's
 * {@code tls.ca}. At most {@link #MAX_STREAMS} streams at once; beyond, the open fails 503.
 * Deployed once per node with the TCP module.
 */
public final class ViaAgentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ViaAgentVerticle.class);
  static final int MAX_STREAMS = 10_000;

  private final Targets targets;
  private final NodeSecurity node;
  private String name;
  private NetClient client;
  private TargetGate gate;
  private ClientSSLOptions tls;
  private int streams;

  /** @param targets this node's {@code tcp.targets}; {@code node} its identity (TLS to targets) */
  public ViaAgentVerticle(Targets targets, NodeSecurity node) {
    this.targets = targets;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    name = NodeInfo.of(vertx).name();
    client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    gate = new TargetGate(vertx, targets, TcpConfig.SECTION + "." + TcpConfig.TARGETS);
    tls = node.tls().map(t -> TlsOptionsFactory.client(t).getSslOptions().copy()).orElse(null);
    return vertx.eventBus().<JsonObject>consumer(ViaProtocol.open(name), this::onOpen).completion();
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  private void onOpen(Message<JsonObject> message) {
    JsonObject body = message.body();
    ForwardTarget target;
    String stream = body == null ? null : body.getString(ViaProtocol.STREAM);
    String from = body == null ? null : body.getString(ViaProtocol.FROM);
    try {
      target = ForwardTarget.parse(ViaProtocol.TARGET, body == null ? null : body.getString(ViaProtocol.TARGET));
    } catch (ConfigException | ClassCastException e) {
      message.fail(ViaProtocol.BAD_REQUEST, "bad open request: " + e.getMessage());
      return;
    }
    if (stream == null || from == null) {
      message.fail(ViaProtocol.BAD_REQUEST, "bad open request: stream and from are required");
      return;
    }
    if (streams >= MAX_STREAMS) {
      message.fail(ViaProtocol.BUSY, "node " + name + " is busy: " + MAX_STREAMS + " forwarded streams open");
      return;
    }
    boolean useTls = Boolean.TRUE.equals(body.getBoolean(ViaProtocol.TLS));
    int timeout = body.getInteger(ViaProtocol.CONNECT_TIMEOUT_MS, ForwardConfig.DEFAULT_CONNECT_TIMEOUT_MS);
    streams++;
    connectOptions(target)
        .compose(connect -> {
          connect.setTimeout(timeout);
          if (useTls) {
            // the target's certificate must name the host asked for, and chain to this node's CA (else the JVM's trust)
            connect.setSsl(true).setSslOptions(tls != null ? tls
                : new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS"));
          }
          return client.connect(connect).recover(err -> Future.failedFuture(new ConnectFailed(err)));
        })
        .compose(socket -> join(socket, stream, from))
        .onSuccess(s -> {
          message.reply(new JsonObject());
          s.start();
        })
        .onFailure(err -> {
          streams--;
          LOG.debug("via: stream {} from {} cannot reach {}", stream, from, target, err);
          if (err instanceof TargetGate.Forbidden) {
            message.fail(ViaProtocol.FORBIDDEN, "node " + name + ": " + err.getMessage());
          } else {
            message.fail(ViaProtocol.CONNECT_FAILED, "node " + name + " cannot connect to " + target + ": "
                + Forwarder.connectProblem(err instanceof ConnectFailed ? err.getCause() : err));
          }
        });
  }

  /** Where to dial, once {@code tcp.targets} allows it. */
  private Future<ConnectOptions> connectOptions(ForwardTarget target) {
    if (target.isUnix()) {
      // tcp.targets names hosts and ports; a node that restricts them opens no unix socket to others either
      return targets.isRestricted()
          ? Future.failedFuture(new TargetGate.Forbidden(TcpConfig.SECTION + "." + TcpConfig.TARGETS + " does not allow "
              + target + " (unix sockets are not reachable through via while tcp.targets is set)"))
          : Future.succeededFuture(new ConnectOptions().setRemoteAddress(target.socketAddress()));
    }
    return gate.connectOptions(target.host(), target.port());
  }

  private Future<BusStream> join(NetSocket socket, String stream, String from) {
    boolean halfClose = TcpInternals.endInBand(socket);
    BusStream s = new BusStream(vertx, stream, socket, halfClose, ViaProtocol.diallerInbox(name, stream),
        ViaProtocol.openerInbox(from, stream), () -> streams--);
    return s.registered().map(v -> s).onFailure(e -> s.abort());
  }

  /** A failed connect, told apart from a refused target. */
  private static final class ConnectFailed extends RuntimeException {
    ConnectFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
