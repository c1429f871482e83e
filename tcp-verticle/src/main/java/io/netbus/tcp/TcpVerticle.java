package io.netbus.tcp;

import io.netbus.contract.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Root of the TCP module: binds every configured listener. (Spine placeholder: services come next.) */
public class TcpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpVerticle.class);

  @Override
  public Future<?> start() {
    TcpConfig config = TcpConfig.from(config());
    List<Future<NetServer>> binds = new ArrayList<>();
    for (int i = 0; i < config.listeners().size(); i++) {
      binds.add(bind(config.listeners().get(i), TcpConfig.SECTION + ".listeners[" + i + "]"));
    }
    return Future.all(binds);
  }

  private Future<NetServer> bind(TcpListenerConfig listener, String key) {
    return vertx.createNetServer(new NetServerOptions().setHost(listener.host()).setPort(listener.port()))
        .connectHandler(this::onConnect)
        .listen()
        .onSuccess(server -> LOG.info("tcp {} listening on {}:{} ({} framing)", listener.name(), listener.host(),
            server.actualPort(), listener.framing()))
        .recover(err -> Future.failedFuture(new ConfigException(key + ".port",
            "cannot listen on " + listener.host() + ":" + listener.port() + ": " + err.getMessage(), err)));
  }

  private void onConnect(NetSocket socket) {
    LOG.debug("tcp connection from {}", socket.remoteAddress());
    socket.handler(socket::write);
  }
}
