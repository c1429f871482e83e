package io.netbus.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Wildcard rules never open the internal or the admin addresses; a rule that names the admin API does. */
class AddressPolicyTest {

  @Test
  void theDefaultRuleOpensNetbusButNotAdminOrInternal() {
    AddressPolicy policy = new AddressPolicy(List.of("netbus\\..+"), List.of("netbus\\..+"));
    assertThat(policy.inbound("netbus.tcp.chat.out")).isTrue();
    assertThat(policy.inbound("netbus.admin.a.status")).isFalse();
    assertThat(policy.inbound("netbus.admin.local.reload")).isFalse();
    assertThat(policy.inbound("netbus.internal.tcp.chat.fanout")).isFalse();
    assertThat(policy.outbound("netbus.admin.a.status")).isFalse();
  }

  @Test
  void evenAnAnythingRuleLeavesThemClosed() {
    AddressPolicy policy = new AddressPolicy(List.of(".*"), List.of(".+"));
    assertThat(policy.inbound("app.shout")).isTrue();
    assertThat(policy.inbound("netbus.admin.a.deploy")).isFalse();
    assertThat(policy.outbound("netbus.internal.x")).isFalse();
  }

  @Test
  void anExplicitAdminRuleOpensTheAdminApiOnlyAndNothingOpensInternal() {
    AddressPolicy policy = new AddressPolicy(List.of("netbus\\..+", "netbus\\.admin\\..+", "netbus\\.internal\\..+"),
        List.of());
    assertThat(policy.inbound("netbus.admin.a.status")).isTrue();
    assertThat(policy.inbound("netbus.admin.local.nodes")).isTrue();
    assertThat(policy.inbound("netbus.internal.tcp.chat.fanout")).isFalse();
    AddressPolicy oneNode = new AddressPolicy(List.of("netbus\\.admin\\.b\\..+"), List.of());
    assertThat(oneNode.inbound("netbus.admin.b.status")).isTrue();
    assertThat(oneNode.inbound("netbus.admin.a.status")).isFalse();
  }
}
