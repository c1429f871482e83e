package io.netbus.launcher.node;

import io.netbus.launcher.internal.LauncherInternals;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.netbus.console.NodeMetrics;
import io.netbus.contract.ConfigException;
import io.netbus.launcher.config.ClusterConfig;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Creates the node's Vert.x instance clustered with Hazelcast, confined to what the config names:
 * Hazelcast binds to {@code cluster.host} only (not the wildcard), joins only the listed members
 * (multicast and cloud auto-detection off unless asked), never phones home, and is tuned so a
 * lost member is dropped within seconds and a split brain heals within {@code mergeDelaySeconds}.
 */
public final class NodeFactory {

  /** Event-bus connections: a node cut off must not hold the others' messages for a minute. */
  static final int EVENT_BUS_CONNECT_TIMEOUT_MS = 3000;
  static final long EVENT_BUS_PING_MS = 5000;
  /** A graceful leave hands partitions over; past this, the node leaves anyway (exit < 10 s). */
  static final int GRACEFUL_SHUTDOWN_SECONDS = 5;

  private NodeFactory() {
  }

  /** A standalone node's Vert.x without metrics (see {@link #standalone(boolean)}). */
  public static Vertx standalone() {
    return standalone(false);
  }

  /**
   * One INFO line naming the transport in use. Unix domain sockets need the native one, so when
   * Vert.x fell back to NIO the line says why.
   */
  public static void logTransport(Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      LoggerFactory.getLogger(NodeFactory.class).info("transport: native (epoll)");
    } else {
      Throwable cause = vertx.unavailableNativeTransportCause();
      LoggerFactory.getLogger(NodeFactory.class).info("transport: NIO (native transport unavailable: {})",
          cause == null ? "not requested" : String.valueOf(cause.getMessage()));
    }
  }

  public static Future<Vertx> clustered(ClusterConfig cluster) {
    return clustered(cluster, NodeSecurity.NONE, false);
  }

  /**
   * A standalone node's Vert.x; {@code metrics}: with Vert.x metrics (the config has
   * {@code metrics}). On the native transport (epoll) when the platform has it, NIO otherwise;
   * {@link #logTransport} says which.
   */
  public static Vertx standalone(boolean metrics) {
    return builder(new VertxOptions().setPreferNativeTransport(true), metrics).build();
  }

  /** A clustered node's Vert.x; {@code metrics}: with Vert.x metrics (the config has {@code metrics}). */
  public static Future<Vertx> clustered(ClusterConfig cluster, boolean metrics) {
    return clustered(cluster, NodeSecurity.NONE, metrics);
  }

  /**
   * A clustered node's Vert.x whose event bus, with {@code cluster.tls}, speaks mutual TLS with
   * the node's identity; {@code metrics}: with Vert.x metrics.
   */
  public static Future<Vertx> clustered(ClusterConfig cluster, NodeSecurity security, boolean metrics) {
    quietHazelcast();
    Config hz;
    try {
      hz = hazelcastConfig(cluster);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    // A failed start is reported once, as the config key that caused it (see explain): while
    // starting, silence the stack traces Hazelcast and Vert.x log for the same failure.
    Runnable restore = silence("com.hazelcast.instance.AddressPicker", LauncherInternals.VERTX_LOGGER);
    HazelcastClusterManager manager = new HazelcastClusterManager(hz);
    VertxOptions options = vertxOptions(cluster);
    if (cluster.tls()) {
      mutualTls(options.getEventBusOptions(), security.requireTls());
    }
    return builder(options, metrics).withClusterManager(manager)
        .buildClustered()
        .andThen(ar -> restore.run())
        .onSuccess(vertx -> {
          PeerQueueLimit.install(vertx, PeerQueueLimit.DEFAULT_MAX_BYTES);
          ClusterMembers.remember(vertx, manager.getHazelcastInstance(), cluster);
        })
        .recover(err -> Future.failedFuture(explain(cluster, err)));
  }

  /** Vert.x metrics must be on when the instance is built; the console serves them. */
  private static VertxBuilder builder(VertxOptions options, boolean metrics) {
    VertxBuilder builder = Vertx.builder();
    if (metrics) {
      builder.withMetrics(NodeMetrics.enable(options));
    }
    return builder.with(options);
  }

  /** Turns the named loggers off; the returned action puts their levels back. */
  private static Runnable silence(String... names) {
    List<Runnable> restores = new java.util.ArrayList<>();
    for (String name : names) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.OFF);
        restores.add(() -> logger.setLevel(before));
      }
    }
    return () -> restores.forEach(Runnable::run);
  }

  /** The Hazelcast properties netbus sets, for {@code cluster-info} and the Hazelcast config. */
  public static Map<String, String> hazelcastProperties(ClusterConfig cluster) {
    Map<String, String> p = new TreeMap<>();
    p.put("hazelcast.phone.home.enabled", "false");
    p.put("hazelcast.shutdownhook.enabled", "false");
    p.put("hazelcast.logging.type", "slf4j");
    p.put("hazelcast.socket.bind.any", "false");
    p.put("hazelcast.heartbeat.interval.seconds", String.valueOf(cluster.heartbeatSeconds()));
    p.put("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.maxNoHeartbeatSeconds()));
    p.put("hazelcast.merge.first.run.delay.seconds", String.valueOf(cluster.mergeDelaySeconds()));
    p.put("hazelcast.merge.next.run.delay.seconds", String.valueOf(cluster.mergeDelaySeconds()));
    p.put("hazelcast.graceful.shutdown.max.wait", String.valueOf(GRACEFUL_SHUTDOWN_SECONDS));
    p.put("hazelcast.wait.seconds.before.join", "1");
    p.put("hazelcast.max.wait.seconds.before.join", "3");
    p.put("hazelcast.health.monitoring.level", "OFF");
    return p;
  }

  /** Hazelcast's config: vertx-hazelcast's maps, then netbus's network and timing. */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hazelcastProperties(cluster).forEach(hz::setProperty);
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(resolve("host", cluster.host())));
    if (cluster.publicHost() != null) {
      network.setPublicAddress(cluster.publicHost() + ":" + cluster.port());
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(cluster.multicast());
    join.getTcpIpConfig().setEnabled(!cluster.multicast()).setMembers(cluster.members()).setConnectionTimeoutSeconds(2);
    return hz;
  }

  public static VertxOptions vertxOptions(ClusterConfig cluster) {
    EventBusOptions bus = new EventBusOptions()
        .setHost(cluster.eventBusHost())
        .setPort(cluster.eventBusPort())
        .setConnectTimeout(EVENT_BUS_CONNECT_TIMEOUT_MS)
        .setClusterPingInterval(EVENT_BUS_PING_MS)
        .setClusterPingReplyInterval(EVENT_BUS_PING_MS);
    if (cluster.publicHost() != null) {
      bus.setClusterPublicHost(cluster.publicHost());
    }
    return new VertxOptions().setEventBusOptions(bus).setPreferNativeTransport(true);
  }

  /**
   * Node-to-node messages over mutual TLS: each node presents its certificate and accepts only
   * peers whose certificate chains to {@code tls.ca}, in both directions, so a node of another CA
   * neither delivers nor receives anything. Vert.x's clustered bus does not check host names
   * (it dials the addresses Hazelcast advertises), so membership of the CA is the identity.
   */
  static EventBusOptions mutualTls(EventBusOptions bus, TlsSection tls) {
    return bus.setSsl(true)
        .setKeyCertOptions(tls.keyCertOptions())
        .setTrustOptions(tls.trustOptions())
        .setClientAuth(ClientAuth.REQUIRED)
        .setEnabledSecureTransportProtocols(TlsOptionsFactory.PROTOCOLS);
  }

  /**
   * Hazelcast logs through slf4j (its first lines come before any config is read, hence the
   * system property), without the start-up notes that do not apply to netbus: the CP subsystem
   * (unused) and the JDK module flags (a performance hint).
   */
  private static void quietHazelcast() {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    for (String name : new String[] {"com.hazelcast.cp.CPSubsystem",
        "com.hazelcast.instance.impl.HazelcastInstanceFactory"}) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
  }

  /** Hazelcast's interface list takes addresses, not names. */
  static String resolve(String key, String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(NodeConfig.CLUSTER + "." + key, "'" + host + "' does not resolve to an address");
    }
  }

  /** Turns Hazelcast's and the event bus's start failures into the config key that caused them. */
  private static Throwable explain(ClusterConfig cluster, Throwable err) {
    String msg = String.valueOf(err.getMessage());
    for (Throwable c = err; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("already in use") || c instanceof java.net.BindException) {
        boolean hazelcast = c.getClass().getName().startsWith("com.hazelcast") || m.contains("Hazelcast");
        return hazelcast
            ? new ConfigException(NodeConfig.CLUSTER + ".port", cluster.port() + " on " + cluster.host()
                + " is already in use (Hazelcast)", err)
            : new ConfigException(NodeConfig.CLUSTER + ".eventBusPort", "cannot listen on " + cluster.eventBusHost()
                + ":" + cluster.eventBusPort() + ": " + m, err);
      }
      if (m.contains("No matching network interface") || m.contains("Cannot assign requested address")) {
        return new ConfigException(NodeConfig.CLUSTER + ".host", "'" + cluster.host()
            + "' is not an address of this machine (see netbus cluster-info)", err);
      }
    }
    return new IllegalStateException("cannot join the cluster: " + msg, err);
  }
}
