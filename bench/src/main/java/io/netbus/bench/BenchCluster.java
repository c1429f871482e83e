package io.netbus.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** The two Hazelcast-clustered Vert.x nodes of {@code bench bus --in-process --cluster-port}, both in this process. */
final class BenchCluster {

  private BenchCluster() {
  }

  /**
   * A Hazelcast-clustered Vert.x on 127.0.0.1:{@code port}, joining {@code base} and
   * {@code base + 1} by TCP-IP: the two nodes of the clustered bench, both in this process.
   */
  static Vertx clustered(int base, int port, String clusterName) throws Exception {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    for (String name : new String[] {"com.hazelcast.cp.CPSubsystem", "com.hazelcast.instance.impl.HazelcastInstanceFactory"}) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger && logger.getLevel() == null) {
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
      }
    }
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(clusterName);
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    hz.setProperty("hazelcast.max.wait.seconds.before.join", "3");
    hz.setProperty("hazelcast.health.monitoring.level", "OFF");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of("127.0.0.1"));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
        .setMembers(java.util.List.of("127.0.0.1:" + base, "127.0.0.1:" + (base + 1)));
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(hz))
        .buildClustered()
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

}
