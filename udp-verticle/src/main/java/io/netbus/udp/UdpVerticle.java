package io.netbus.udp;

import io.netbus.contract.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Root of the UDP module: deploys the {@code netbus.udp.send} verticle (always, even with no
 * listeners) and one verticle per listener socket, each on its own event loop ({@code instances}
 * sockets per unicast listener, sharing its port with SO_REUSEPORT on the native transport). A
 * failed bind fails the deployment with a ConfigException naming {@code udp.listeners[i].port}.
 */
public class UdpVerticle extends VerticleBase {

  private final List<UdpListenerVerticle> listeners = new CopyOnWriteArrayList<>();
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
    if (config.instances() > 1 && !vertx.isNativeTransportEnabled()) {
      Throwable cause = vertx.unavailableNativeTransportCause();
      return Future.failedFuture(new ConfigException(UdpConfig.INSTANCES_KEY, config.instances()
          + " needs SO_REUSEPORT to share a UDP port between sockets, which Vert.x offers only on the native "
          + "transport (epoll), not available here (" + (cause == null ? "running on NIO" : cause.getMessage())
          + "); use 1"));
    }
    for (int i = 0; i < config.listeners().size(); i++) {
      UdpListenerConfig l = config.listeners().get(i);
      int copies = l.multicast() == null ? config.instances() : 1;
      deployments.add(deployListener(l, i, copies));
    }
    // join, not all: every deployment settles before the start fails, so a failed start is not
    // followed by an undeploy racing deployments that are still binding.
    return Future.join(deployments);
  }

  /**
   * Deploys {@code copies} sockets of one listener, the first alone so that a port 0 is chosen
   * once and the others bind the port it got (with SO_REUSEPORT when there are several).
   */
  private Future<String> deployListener(UdpListenerConfig l, int index, int copies) {
    UdpListenerVerticle first = new UdpListenerVerticle(l, index, copies > 1);
    listeners.add(first);
    Future<String> deployed = vertx.deployVerticle(first, new DeploymentOptions());
    for (int c = 1; c < copies; c++) {
      deployed = deployed.compose(id -> {
        UdpListenerVerticle more = new UdpListenerVerticle(l.withPort(first.port()), index, true);
        listeners.add(more);
        return vertx.deployVerticle(more, new DeploymentOptions());
      });
    }
    return deployed;
  }

  /** The listener verticles, in config order (several per listener with {@code instances}). */
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
