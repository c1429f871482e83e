package io.netbus.tcp.server;

import io.netbus.security.NodeSecurity;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.api.TcpListenerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of the TCP listeners: binds every configured listener (instances share the port,
 * Vert.x spreads the connections over their event loops). {@code tcp.instances} of these are
 * deployed; they share only the per-listener connection counters the root hands them.
 */
public final class TcpServerVerticle extends VerticleBase {

  private final TcpConfig config;
  private final NodeSecurity node;
  private final Map<String, AtomicInteger> connectionCounts;
  private final Map<String, AtomicLong> refusals;
  private final Map<String, Integer> bindPorts;
  private final String instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<Listener> listeners = new ArrayList<>();

  public TcpServerVerticle(TcpConfig config, NodeSecurity node, Map<String, AtomicInteger> connectionCounts, Map<String, AtomicLong> refusals,
      Map<String, Integer> bindPorts) {
    this.config = config;
    this.node = node;
    this.bindPorts = bindPorts;
    this.connectionCounts = connectionCounts;
    this.refusals = refusals;
  }

  @Override
  public Future<?> start() {
    boolean fanout = vertx.isClustered() || config.instances() > 1;
    List<Future<Void>> started = new ArrayList<>();
    for (int i = 0; i < config.listeners().size(); i++) {
      TcpListenerConfig l = config.listeners().get(i);
      Listener listener = new Listener(vertx, l, node, TcpConfig.SECTION + ".listeners[" + i + "]", instanceId,
          bindPorts.get(l.name()),
          connectionCounts.get(l.name()), refusals.get(l.name()), fanout);
      listeners.add(listener);
      started.add(listener.start());
    }
    // join, not all: every part settles before the start fails, so a failed start is not
    // followed by an undeploy racing parts that are still binding or registering.
    return Future.join(started);
  }

  @Override
  public Future<?> stop() {
    return Future.join(listeners.stream().map(Listener::stop).toList());
  }

  /** This instance's listeners, in config order. */
  public List<Listener> listeners() {
    return listeners;
  }
}
