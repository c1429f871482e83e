package io.netbus.udp;

import io.netbus.contract.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Root of the UDP module: binds every configured listener. (Spine placeholder: services come next.) */
public class UdpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UdpVerticle.class);

  @Override
  public Future<?> start() {
    UdpConfig config = UdpConfig.from(config());
    List<Future<DatagramSocket>> binds = new ArrayList<>();
    for (int i = 0; i < config.listeners().size(); i++) {
      UdpListenerConfig listener = config.listeners().get(i);
      String key = UdpConfig.SECTION + ".listeners[" + i + "].port";
      DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
      binds.add(socket.listen(listener.port(), listener.host())
          .onSuccess(s -> LOG.info("udp {} listening on {}:{}", listener.name(), listener.host(),
              s.localAddress().port()))
          .recover(err -> Future.failedFuture(new ConfigException(key,
              "cannot bind " + listener.host() + ":" + listener.port() + ": " + err.getMessage(), err))));
    }
    return Future.all(binds);
  }
}
