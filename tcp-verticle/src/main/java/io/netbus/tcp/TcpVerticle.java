package io.netbus.tcp;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.netbus.contract.NodeInfo;
import io.netbus.security.NodeSecurity;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.api.TcpListenerConfig;
import io.netbus.tcp.client.TcpClientVerticle;
import io.netbus.tcp.forward.ForwardConfig;
import io.netbus.tcp.forward.Forwarder;
import io.netbus.tcp.forward.UnixSockets;
import io.netbus.tcp.forward.ViaAgentVerticle;
import io.netbus.tcp.server.TcpServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Root of the TCP module: deploys the NetClient verticle ({@code netbus.tcp.request},
 * {@code netbus.scan}) and the dialling side of other nodes' {@code via} forwards
 * ({@link ViaAgentVerticle}) always, and {@code tcp.instances} copies of the listeners when there
 * are any. A failed bind fails the deployment with a ConfigException naming the listener's port.
 */
public class TcpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpVerticle.class);

  private final List<TcpServerVerticle> servers = new CopyOnWriteArrayList<>();
  private final boolean withClient;
  private final NodeSecurity node;

  /** Without the node's tls and auth sections: round 1 behaviour (tests, embedding). */
  public TcpVerticle() {
    this(NodeSecurity.NONE);
  }

  /** With the node's identity and clients, read once by the launcher. */
  public TcpVerticle(NodeSecurity node) {
    this(true, node);
  }

  /** {@code withClient} false: the listeners alone (the launcher deploys each listener on its own). */
  TcpVerticle(boolean withClient, NodeSecurity node) {
    this.withClient = withClient;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    TcpConfig config = TcpConfig.from(config());
    List<Future<String>> deployed = new ArrayList<>();
    if (withClient) {
      deployed.add(vertx.deployVerticle(new TcpClientVerticle(config.maxRequests(), node, config.targetRules()),
          new DeploymentOptions()));
      // every node can dial for another node's "via" forward listener, within its own tcp.targets
      deployed.add(vertx.deployVerticle(new ViaAgentVerticle(config.targetRules(), node), new DeploymentOptions()));
    }
    if (!config.listeners().isEmpty()) {
      Map<String, AtomicInteger> counts = new HashMap<>();
      Map<String, AtomicLong> refusals = new HashMap<>();
      config.listeners().forEach(l -> {
        counts.put(l.name(), new AtomicInteger());
        refusals.put(l.name(), new AtomicLong());
      });
      // Port 0 with several instances: a negative port makes Vert.x share one random port among them.
      Map<String, Integer> bindPorts = new HashMap<>();
      config.listeners().forEach(l -> bindPorts.put(l.name(),
          l.port() == 0 && config.instances() > 1 ? -1 - ThreadLocalRandom.current().nextInt(1 << 30) : l.port()));
      Future<?> socketFiles = prepareUnixSockets(config);
      deployed.add(socketFiles.compose(ready -> vertx.deployVerticle(() -> {
        TcpServerVerticle server = new TcpServerVerticle(config, node, counts, refusals, bindPorts);
        servers.add(server);
        return server;
      }, new DeploymentOptions().setInstances(config.instances()))));
    }
    // join, not all: every part settles before the start fails, so a failed start is not
    // followed by an undeploy racing parts that are still binding or registering.
    return Future.join(deployed).onSuccess(ok -> config.listeners().forEach(l -> LOG.info(
        "tcp {} listening on {} ({}, {} instance(s))", l.name(),
        ForwardTarget.isUnix(l.host()) ? l.host() : l.host() + ":" + actualPorts().get(l.name()),
        (l.forward() != null ? "forward to " + l.forward().target() : l.serviceName() + ", " + l.framing() + " framing")
            + (l.security().tls() ? ", TLS" : ""),
        config.instances())));
  }

  /** Unix socket listeners: once, before the instances share the socket (see {@link UnixSockets}). */
  private Future<?> prepareUnixSockets(TcpConfig config) {
    List<Future<?>> ready = new ArrayList<>();
    for (int i = 0; i < config.listeners().size(); i++) {
      String host = config.listeners().get(i).host();
      if (ForwardTarget.isUnix(host)) {
        ready.add(UnixSockets.prepareListen(vertx, TcpConfig.SECTION + ".listeners[" + i + "].host",
            host.substring(ForwardTarget.UNIX.length())));
      }
      TcpListenerConfig l = config.listeners().get(i);
      if (l.forward() != null) {
        String key = TcpConfig.SECTION + ".listeners[" + i + "].service";
        try {
          Forwarder.checkUsable(vertx, l.forward(), key);
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
        if (l.forward().via() != null) {
          ready.add(checkVia(l.forward().via(), key + "." + ForwardConfig.FORWARD + "." + ForwardConfig.VIA));
        }
      }
    }
    return Future.all(ready);
  }

  /**
   * A {@code via} node must be this one or a cluster member: standalone, another name can never
   * answer (a config error naming the key). In a cluster, a name not (yet) registered is only
   * warned about, since nodes start in any order; its connections then fail with forward-failed.
   */
  private Future<Void> checkVia(String via, String key) {
    String here = NodeInfo.of(vertx).name();
    if (via.equals(here)) {
      return Future.succeededFuture();
    }
    if (!vertx.isClustered()) {
      return Future.failedFuture(new ConfigException(key, "'" + via + "' is not this node ('" + here
          + "'), and this node is not in a cluster (cluster.enabled)"));
    }
    return vertx.sharedData().<String, String>getAsyncMap(NodeInfo.REGISTRY)
        .compose(map -> map.keys())
        .onSuccess(names -> {
          if (!names.contains(via)) {
            LOG.warn("{}: no node '{}' in the cluster yet (nodes: {}); its connections fail until it joins", key, via,
                String.join(", ", new java.util.TreeSet<>(names)));
          }
        })
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("{}: cannot read the cluster's node names to check '{}'", key, via, err);
          return Future.succeededFuture();
        });
  }

  /** Listener name → the port it is bound to (the actual one when configured as 0). */
  public Map<String, Integer> actualPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (!servers.isEmpty()) {
      servers.get(0).listeners().forEach(l -> ports.put(l.name(), l.actualPort()));
    }
    return ports;
  }
}
