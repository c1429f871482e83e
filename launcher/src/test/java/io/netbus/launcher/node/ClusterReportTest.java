package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.config.ClusterConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterReportTest {

  private static final Map<String, List<String>> LAN_BOX = Map.of("lo", List.of("127.0.0.1"),
      "eth0", List.of("192.168.1.11"));

  private static ClusterConfig cluster(String host, List<String> members, String eventBusHost, String publicHost) {
    return new ClusterConfig(true, host, 5701, members, false, publicHost, eventBusHost, 5702, null, null, null, null);
  }

  @Test
  void aProperLanNodeHasNoWarnings() {
    ClusterReport r = new ClusterReport(cluster("192.168.1.11",
        List.of("192.168.1.11:5701", "192.168.1.12:5701", "192.168.1.13"), null, null), LAN_BOX);
    assertThat(r.warnings()).isEmpty();
    assertThat(String.join("\n", r.lines()))
        .contains("binds 192.168.1.11:5701 only (interface eth0)")
        .contains("TCP-IP members 192.168.1.11:5701, 192.168.1.12:5701, 192.168.1.13 (multicast off)")
        .contains("listens on 192.168.1.11:5702 (interface eth0), other nodes connect to 192.168.1.11");
  }

  @Test
  void loopbackHostWithLanMembersIsTheClassicMistake() {
    ClusterReport r = new ClusterReport(cluster("localhost", List.of("192.168.1.11:5701", "192.168.1.12:5701"),
        null, null), LAN_BOX);
    assertThat(r.warnings()).anyMatch(w -> w.contains("'localhost'"))
        .anyMatch(w -> w.contains("cannot reach this node"));
  }

  @Test
  void loopbackMembersInALanListAreFlagged() {
    ClusterReport r = new ClusterReport(cluster("192.168.1.11", List.of("127.0.0.1:5701", "192.168.1.12:5701"),
        null, null), LAN_BOX);
    assertThat(r.warnings()).singleElement().asString().contains("127.0.0.1:5701").contains("loopback");
  }

  @Test
  void anAddressThisMachineLacksIsFlagged() {
    ClusterReport r = new ClusterReport(cluster("10.9.8.7", List.of("10.9.8.7:5701"), null, null), LAN_BOX);
    assertThat(r.warnings()).singleElement().asString().contains("not an address of this machine");
  }

  @Test
  void wildcardEventBusNeedsAPublicHost() {
    List<String> members = List.of("192.168.1.11:5701", "192.168.1.12:5701");
    assertThat(new ClusterReport(cluster("192.168.1.11", members, "0.0.0.0", null), LAN_BOX).warnings())
        .singleElement().asString().contains("publicHost");
    assertThat(new ClusterReport(cluster("192.168.1.11", members, "0.0.0.0", "192.168.1.11"), LAN_BOX).warnings())
        .isEmpty();
  }

  @Test
  void singleMachineClusterOnLoopbackIsFine() {
    ClusterReport r = new ClusterReport(cluster("127.0.0.1", List.of("127.0.0.1:5701", "127.0.0.1:5711"), null,
        null), LAN_BOX);
    assertThat(r.warnings()).isEmpty();
  }
}
