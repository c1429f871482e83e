package io.netbus.launcher.node;

import io.netbus.contract.ConfigException;
import io.netbus.launcher.config.BridgeConfig;
import io.netbus.launcher.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP event-bus bridge for outside clients, limited to the configured address patterns. */
public class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private TcpEventBusBridge bridge;

  @Override
  public Future<?> start() {
    BridgeConfig config = BridgeConfig.from(config());
    BridgeOptions options = new BridgeOptions();
    config.inbound().forEach(regex -> options.addInboundPermitted(new PermittedOptions().setAddressRegex(regex)));
    config.outbound().forEach(regex -> options.addOutboundPermitted(new PermittedOptions().setAddressRegex(regex)));
    bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions());
    return bridge.listen(config.port(), config.host())
        .onSuccess(b -> LOG.info("bridge listening on {}:{}", config.host(), config.port()))
        .recover(err -> Future.failedFuture(new ConfigException(NodeConfig.BRIDGE + ".port",
            "cannot listen on " + config.host() + ":" + config.port() + ": " + err.getMessage(), err)));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
