package io.netbus.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.launcher.node.NodeFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  private static ClusterConfig read(String json) {
    return ClusterConfig.from(new JsonObject(json));
  }

  @Test
  void defaultsAreLoopbackAndFastFailureDetection() {
    ClusterConfig c = read("{}");
    assertThat(c.enabled()).isFalse();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.members()).containsExactly("127.0.0.1:5701");
    assertThat(c.multicast()).isFalse();
    assertThat(c.eventBusHost()).isEqualTo("127.0.0.1");
    assertThat(c.eventBusPort()).isZero();
    assertThat(c.maxNoHeartbeatSeconds()).isEqualTo(5);
    assertThat(c.name()).isEqualTo("netbus");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> read("{\"host\": \"0.0.0.0\"}")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster.host: '0.0.0.0' is not an interface");
    assertThatThrownBy(() -> read("{\"members\": [\"10.0.0.1:99999\"]}"))
        .hasMessageStartingWith("cluster.members[0]: 99999 is not a port");
    assertThatThrownBy(() -> read("{\"members\": [\"10.0.0.1\", \"0.0.0.0:5701\"]}"))
        .hasMessageStartingWith("cluster.members[1]:");
    assertThatThrownBy(() -> read("{\"port\": 0}")).hasMessageStartingWith("cluster.port:");
    assertThatThrownBy(() -> read("{\"multicst\": true}")).hasMessageStartingWith("cluster.multicst: unknown key");
    assertThatThrownBy(() -> read("{\"heartbeatSeconds\": 3, \"maxNoHeartbeatSeconds\": 4}"))
        .hasMessageStartingWith("cluster.maxNoHeartbeatSeconds: 4 must be at least 6");
  }

  @Test
  void hazelcastIsConfinedToWhatTheConfigNames() {
    ClusterConfig c = read(new JsonObject().put("host", "127.0.0.1").put("port", 5801)
        .put("members", new JsonArray().add("127.0.0.1:5801").add("127.0.0.1:5802")).encode());
    com.hazelcast.config.Config hz = NodeFactory.hazelcastConfig(c);
    assertThat(hz.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(hz.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(hz.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(hz.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("10");
    assertThat(hz.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .isEqualTo(List.of("127.0.0.1:5801", "127.0.0.1:5802"));
    assertThat(hz.getClusterName()).isEqualTo("netbus");
  }
}
