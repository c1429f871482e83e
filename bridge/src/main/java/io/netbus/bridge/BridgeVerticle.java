package io.netbus.bridge;

import io.netbus.contract.ConfigException;
import io.netbus.bridge.protocol.FrameCodec;
import io.netbus.bridge.protocol.Frames;
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

  @Override
  public Future<?> start() {
    config = BridgeConfig.from(config());
    policy = new AddressPolicy(config.inbound(), config.outbound());
    server = vertx.createNetServer(new NetServerOptions()
        .setTcpNoDelay(true)
        .setIdleTimeout(config.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    server.connectHandler(this::onConnect);
    return server.listen(config.port(), config.host())
        .onSuccess(s -> LOG.info("bridge listening on {}:{}", config.host(), s.actualPort()))
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
      return;
    }
    connections++;
    new BridgeConnection(vertx, socket, policy, config.maxFrame(), config.requestTimeoutMs(), () -> connections--);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
