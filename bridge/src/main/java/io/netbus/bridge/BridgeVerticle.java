package io.netbus.bridge;

import io.netbus.contract.bridge.FrameCodec;
import io.netbus.bridge.protocol.Frames;
import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.AuthSection;
import io.netbus.security.ListenerSecurity;
import io.netbus.security.NodeSecurity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for outside clients. It speaks the stock vertx-tcp-eventbus-bridge
 * wire protocol (so its clients work unchanged) but is netbus's own implementation, because the
 * stock one has no frame cap (it buffers whatever length a client claims), drops malformed JSON
 * and unknown frame types without an answer, ignores {@code writeQueueFull()}, has no connection
 * limit and leaks a consumer when an address is registered twice. See {@link BridgeConnection}.
 *
 * <p>Security: a peer refused by {@code allow}/{@code deny} is closed before any byte either way.
 * With {@code "tls": true} the server accepts plain TCP and then starts TLS itself
 * ({@link BridgeTls}), so that the network rules run before the handshake and a failed handshake is logged once, at debug, with
 * the peer's address. A client certificate verified under {@code clientAuth} names an
 * {@code auth} client by its CN.
 */
public class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private final NodeSecurity node;
  private NetServer server;
  private BridgeConfig config;
  private ListenerSecurity security;
  private BridgeTls tls;
  private BridgeAuth auth;
  private int connections;
  private ListenerStats stats;

  /** A bridge without the node's tls and auth sections (round 1 behaviour). */
  public BridgeVerticle() {
    this(NodeSecurity.NONE);
  }

  /** A bridge that serves TLS with the node's identity and authenticates its clients. */
  public BridgeVerticle(NodeSecurity node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    config = BridgeConfig.from(config());
    security = config.security();
    auth = new BridgeAuth(config, node.auth());
    // building a TLS context loads providers and checks keys: seconds on a cold JVM, off the event loop
    Future<BridgeTls> context = security.tls()
        ? vertx.executeBlocking(() -> new BridgeTls(node.requireTls(), security))
        : Future.succeededFuture();
    return context.compose(this::listen);
  }

  private Future<?> listen(BridgeTls context) {
    tls = context;
    stats = NodeStats.of(vertx).retain(BridgeModule.SECTION, BridgeModule.SECTION).tls(security.tls());
    server = vertx.createNetServer(new NetServerOptions()
        .setTcpNoDelay(true)
        .setIdleTimeout(config.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    server.connectHandler(this::onConnect);
    return server.listen(config.port(), config.host())
        .onSuccess(s -> {
          stats.address(config.host() + ":" + s.actualPort());
          LOG.info("bridge listening on {}:{}{}", config.host(), s.actualPort(), security.tls() ? " (TLS)" : "");
        })
        .onFailure(err -> NodeStats.of(vertx).release(stats))
        .recover(err -> Future.failedFuture(new ConfigException(BridgeModule.SECTION + ".port",
            "cannot listen on " + config.host() + ":" + config.port() + ": " + err.getMessage(), err)));
  }

  /** The bound port (useful with {@code port: 0}). */
  public int actualPort() {
    return server.actualPort();
  }

  private void onConnect(NetSocket socket) {
    String peer = socket.remoteAddress().hostAddress();
    if (!security.rules().permits(peer)) {
      LOG.debug("bridge: refusing {}: not allowed by bridge.allow/deny", socket.remoteAddress());
      stats.refused();
      socket.close();
      return;
    }
    if (connections >= config.maxConnections()) {
      LOG.warn("bridge: refusing {}: {} connections already open", socket.remoteAddress(), connections);
      socket.write(FrameCodec.encode(Frames.err(Frames.TOO_MANY_CONNECTIONS, null,
          config.maxConnections() + " connections already open")));
      socket.close();
      stats.refused();
      return;
    }
    connections++;
    stats.opened();
    if (tls == null) {
      connect(socket, Optional::empty);
      return;
    }
    // handlers first: Netty may pass on the bytes that follow the handshake before it reports
    // the handshake done; the certificate is read when the first frame needs it
    connect(socket, () -> certificateClient(socket));
    tls.handshake(socket).onFailure(err -> {
      LOG.debug("bridge: TLS handshake with {} failed: {}", socket.remoteAddress(), err.getMessage());
      stats.error();
      socket.close();
    });
  }

  private void connect(NetSocket socket, Supplier<Optional<AuthSection.Client>> certClient) {
    new BridgeConnection(vertx, socket, auth, certClient, config.maxFrame(), config.requestTimeoutMs(), stats,
        this::released);
  }

  private void released() {
    connections--;
    stats.closed();
  }

  /** The {@code auth} client the connection's verified certificate names by its CN, if any. */
  private Optional<AuthSection.Client> certificateClient(NetSocket socket) {
    if (!auth.required() || security.clientAuth() == io.vertx.core.http.ClientAuth.NONE) {
      return Optional.empty();
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return auth.byCn(commonName(leaf));
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty(); // clientAuth request and no certificate shown: tokens only
    }
  }

  static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      LOG.debug("client certificate subject is not a distinguished name: {}", e.getMessage());
    }
    return null;
  }

  @Override
  public Future<?> stop() {
    if (stats != null) {
      NodeStats.of(vertx).release(stats);
    }
    return server == null ? Future.succeededFuture() : server.close();
  }
}
