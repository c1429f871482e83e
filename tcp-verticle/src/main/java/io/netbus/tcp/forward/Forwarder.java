package io.netbus.tcp.forward;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.netbus.contract.NodeInfo;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.server.TcpInternals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.security.cert.CertificateException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward service of one listener instance: joins each accepted connection to a new
 * connection to the target ({@link ForwardSession}). A target that cannot be reached closes the
 * client and publishes {@code {event: "forward-failed", reason, connection, remote, target}} on
 * the listener's {@code .events}. Holds one NetClient, used on the listener's event loop. With
 * {@code via}, the named node's {@link ViaAgentVerticle} dials instead and the bytes cross the bus
 * ({@link BusStream}, credit-based flow control); its refusals and failures close the client the same way.
 */
public final class Forwarder {

  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  /** The {@code .events} kind published when the target cannot be reached. */
  public static final String FORWARD_FAILED_EVENT = "forward-failed";
  /** Fields of a {@code forward-failed} event, besides {@code event, listener, connection, remote}. */
  public static final String REASON = "reason";
  public static final String TARGET = "target";

  /** How much longer than its connect timeout a {@code via} node may take to answer an open. */
  static final int VIA_ANSWER_MARGIN_MS = 5_000;

  private final Vertx vertx;
  private final String listener;
  private final ForwardConfig config;
  private final String eventsAddress;
  private final NetClient client;
  private final ConnectOptions connect;
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /**
   * @param eventsAddress the listener's {@code .events} address
   * @param targetTls the TLS options for a {@code "tls": true} target (trust: the node's CA), or
   *     null for the JVM's default trust
   */
  public Forwarder(Vertx vertx, String listener, ForwardConfig config, String eventsAddress,
      ClientSSLOptions targetTls, boolean tcpNoDelay) {
    this.vertx = vertx;
    this.listener = listener;
    this.config = config;
    this.eventsAddress = eventsAddress;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(config.connectTimeoutMs())
        .setTcpNoDelay(tcpNoDelay));
    ForwardTarget target = config.target();
    this.connect = target.isUnix() ? new ConnectOptions().setRemoteAddress(target.socketAddress())
        : new ConnectOptions().setHost(target.host()).setPort(target.port());
    if (config.tls()) {
      // the target's certificate must name the host we dial (and chain to the node's CA, else the JVM's trust)
      connect.setSsl(true).setSslOptions(targetTls != null ? targetTls
          : new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS"));
    }
  }

  /**
   * Fails (with a ConfigException naming {@code key}) when the target cannot work on this node:
   * a unix socket needs the native transport.
   */
  public static void checkUsable(Vertx vertx, ForwardConfig config, String key) {
    if (config.target().isUnix() && !vertx.isNativeTransportEnabled()) {
      throw new ConfigException(key + "." + ForwardConfig.FORWARD, "unix socket target " + config.target()
          + " needs the native transport (epoll), which is not available: "
          + UnixSockets.nativeTransportProblem(vertx));
    }
  }

  /** Bytes forwarded client → target and target → client, on this instance. */
  public long bytesUp() {
    return bytesUp.get();
  }

  public long bytesDown() {
    return bytesDown.get();
  }

  /** Connections whose target could not be reached, on this instance. */
  public long failures() {
    return failures.get();
  }

  /**
   * Joins {@code socket} to a new connection to the target. {@code onClosed} runs once both are
   * closed (or, when the target cannot be reached, once the client is).
   */
  public void accept(NetSocket socket, String connectionId, String remote, Runnable onClosed) {
    // Bytes the client sends while the target is dialled wait in the socket (reading paused); a
    // FIN that comes with them (echo hi | nc) must not close the socket before the reply.
    socket.pause();
    boolean clientHalfClose = TcpInternals.endInBand(socket);
    if (config.via() != null) {
      acceptVia(socket, clientHalfClose, connectionId, remote, onClosed);
      return;
    }
    boolean[] clientGone = {false};
    socket.closeHandler(v -> clientGone[0] = true);
    client.connect(new ConnectOptions(connect))
        .onSuccess(target -> {
          if (clientGone[0]) {
            target.close();
            onClosed.run();
            return;
          }
          new ForwardSession(connectionId, socket, clientHalfClose, target, bytesUp, bytesDown, onClosed).start();
          socket.resume();
        })
        .onFailure(err -> {
          failed(connectionId, remote, describe(err), err);
          if (clientGone[0]) {
            onClosed.run();
          } else {
            socket.closeHandler(v -> onClosed.run());
            socket.close();
          }
        });
  }

  /**
   * {@code via}: the named node dials the target (its {@link ViaAgentVerticle}); the bytes cross
   * the bus as a {@link BusStream} each side, with credit-based flow control.
   */
  private void acceptVia(NetSocket socket, boolean halfClose, String connectionId, String remote,
      Runnable onClosed) {
    String here = NodeInfo.of(vertx).name();
    String via = config.via();
    int answerMs = config.connectTimeoutMs() + VIA_ANSWER_MARGIN_MS;
    BusStream stream = new BusStream(vertx, connectionId, socket, halfClose,
        ViaProtocol.openerInbox(here, connectionId), ViaProtocol.diallerInbox(via, connectionId), onClosed);
    JsonObject open = new JsonObject().put(ViaProtocol.TARGET, config.target().toString())
        .put(ViaProtocol.TLS, config.tls()).put(ViaProtocol.CONNECT_TIMEOUT_MS, config.connectTimeoutMs())
        .put(ViaProtocol.STREAM, connectionId).put(ViaProtocol.FROM, here);
    stream.registered()
        .compose(v -> vertx.eventBus().request(ViaProtocol.open(via), open, new DeliveryOptions().setSendTimeout(answerMs)))
        .onSuccess(reply -> stream.start())
        .onFailure(err -> {
          String reason = err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
              ? "node '" + via + "' is not in the cluster (or runs no tcp section)"
              : err instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT
                  ? "node '" + via + "' did not answer within " + answerMs + " ms"
                  : err.getMessage();
          failed(connectionId, remote, reason, err);
          socket.closeHandler(v -> onClosed.run());
          stream.abort();
        });
  }

  private void failed(String connectionId, String remote, String reason, Throwable err) {
    failures.incrementAndGet();
    LOG.debug("tcp {}: forward of {} from {} failed: {}", listener, connectionId, remote, reason, err);
    vertx.eventBus().publish(eventsAddress, new JsonObject().put(TcpAddresses.EVENT, FORWARD_FAILED_EVENT)
        .put(TcpAddresses.LISTENER, listener).put(TcpAddresses.CONNECTION, connectionId)
        .put(TcpAddresses.REMOTE, remote).put(TARGET, config.target().toString()).put(REASON, reason));
  }

  /** The {@code reason} of a {@code forward-failed} event, in a user's words. */
  private String describe(Throwable err) {
    Throwable tls = null;
    boolean certificate = false;
    for (Throwable c = err; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof SSLException && tls == null) {
        tls = c;
      }
      certificate |= c instanceof CertificateException || String.valueOf(c.getMessage()).contains("PKIX");
    }
    if (tls == null && !certificate) {
      return "cannot connect to " + config.target() + ": " + connectProblem(err);
    }
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = String.valueOf(root.getMessage()).replace('\n', ' ');
    return certificate
        ? "TLS to " + config.target() + " failed: the target's certificate was refused (it must chain to the trusted "
            + "CA and name " + (config.target().isUnix() ? "the target" : config.target().host()) + "): " + detail
        : "TLS handshake with " + config.target() + " failed: " + detail;
  }

  /** Why a connect failed, in a user's words (also for a via node's answer). */
  static String connectProblem(Throwable err) {
    String m = err.getMessage();
    if (m == null) {
      return err.getClass().getSimpleName();
    }
    // NIO's "Connection refused: /127.0.0.1:1" and epoll's "finishConnect(..) failed with error(-111):
    // Connection refused: ..." say the same, naming the target again
    return m.contains("Connection refused") ? "connection refused" : m;
  }

  public Future<Void> close() {
    return client.close();
  }
}
