package io.netbus.udp;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Root of the UDP module: deploys the {@code netbus.udp.send} verticle (always, even with no
 * listeners) and one verticle per listener, each on its own event loop. A failed bind fails the
 * deployment with a ConfigException naming {@code udp.listeners[i].port}.
 */
public class UdpVerticle extends VerticleBase {

  private final List<UdpListenerVerticle> listeners = new ArrayList<>();
  private final boolean withSender;

  public UdpVerticle() {
    this(true);
  }

  /** {@code withSender} false: the listeners alone (the launcher deploys each listener on its own). */
  UdpVerticle(boolean withSender) {
    this.withSender = withSender;
  }

  @Override
  public Future<?> start() {
    UdpConfig config = UdpConfig.from(config());
    List<Future<String>> deployments = new ArrayList<>();
    if (withSender) {
      deployments.add(vertx.deployVerticle(new UdpSenderVerticle(config.maxRequests(), config.targetRules()),
          new DeploymentOptions()));
    }
    for (int i = 0; i < config.listeners().size(); i++) {
      UdpListenerVerticle listener = new UdpListenerVerticle(config.listeners().get(i), i);
      listeners.add(listener);
      deployments.add(vertx.deployVerticle(listener, new DeploymentOptions()));
    }
    // join, not all: every deployment settles before the start fails, so a failed start is not
    // followed by an undeploy racing deployments that are still binding.
    return Future.join(deployments);
  }

  /** The listener verticles, in config order. */
  List<UdpListenerVerticle> listeners() {
    return List.copyOf(listeners);
  }

  /** Bound port of every listener by name (a listener configured with port 0 gets an ephemeral one). */
  public Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    listeners.forEach(l -> ports.put(l.name(), l.port()));
    return ports;
  }
}
