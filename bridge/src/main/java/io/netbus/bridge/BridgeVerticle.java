package io.netbus.bridge;

import io.netbus.bridge.protocol.FrameCodec;
import io.netbus.bridge.protocol.Frames;
import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for outside clients. It speaks the stock vertx-tcp-eventbus-bridge
 * wire protocol (so its clients work unchanged) but is netbus's own implementation, because the
 * stock one has no frame cap (it buffers whatever length a client claims), drops malformed JSON
 * and unknown frame types without an answer, ignores {@code writeQueueFull()}, has no connection
 * limit and leaks a consumer when an address is registered twice. See {@link BridgeConnection}.
 */
public class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private NetServer server;
  private BridgeConfig config;
  private AddressPolicy policy;
  private int connections;
  private ListenerStats stats;

  @Override
  public Future<?> start() {
    config = BridgeConfig.from(config());
    policy = new AddressPolicy(config.inbound(), config.outbound());
    stats = NodeStats.of(vertx).retain(BridgeModule.SECTION, BridgeModule.SECTION);
    server = vertx.createNetServer(new NetServerOptions()
        .setTcpNoDelay(true)
        .setIdleTimeout(config.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    server.connectHandler(this::onConnect);
    return server.listen(config.port(), config.host())
        .onSuccess(s -> {
          stats.address(config.host() + ":" + s.actualPort());
          LOG.info("bridge listening on {}:{}", config.host(), s.actualPort());
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
    new BridgeConnection(vertx, socket, policy, config.maxFrame(), config.requestTimeoutMs(), stats, () -> {
      connections--;
      stats.closed();
    });
  }

  @Override
  public Future<?> stop() {
    NodeStats.of(vertx).release(stats);
    return server == null ? Future.succeededFuture() : server.close();
  }
}
