package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetRulesTest {

  @Test
  void cidrMatchesIpv4AndIpv6Networks() {
    Cidr lan = Cidr.parse("192.168.1.0/24");
    assertThat(lan.contains("192.168.1.77")).isTrue();
    assertThat(lan.contains("192.168.2.1")).isFalse();
    assertThat(lan.contains("::ffff:192.168.1.9")).as("IPv4-mapped IPv6 is the IPv4 address").isTrue();
    assertThat(lan.contains("fd00::1")).isFalse();
    Cidr ula = Cidr.parse("fd00::/8");
    assertThat(ula.contains("fd12:3456::1")).isTrue();
    assertThat(ula.contains("fe80::1%eth0")).isFalse();
    assertThat(Cidr.parse("10.1.2.3/12").contains("10.15.255.255")).as("host bits ignored, /12 boundary").isTrue();
    assertThat(Cidr.parse("10.1.2.3/12").contains("10.16.0.0")).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
  }

  @Test
  void plainAddressIsOneHost() {
    assertThat(Cidr.parse("10.0.0.5").prefix()).isEqualTo(32);
    assertThat(Cidr.parse("::1").prefix()).isEqualTo(128);
    assertThat(Cidr.parse("10.0.0.5").contains("10.0.0.6")).isFalse();
  }

  @Test
  void namesAreNeverResolved() {
    assertThat(Cidr.literal("localhost")).isNull();
    assertThat(Cidr.literal("example.com")).isNull();
    assertThatThrownBy(() -> Cidr.parse("localhost")).hasMessageContaining("'localhost' is not an IP address");
  }

  @Test
  void denyWinsAndNoAllowMeansEveryone() {
    NetRules denyOnly = NetRules.of(null, List.of("10.0.0.0/8"));
    assertThat(denyOnly.permits("10.1.1.1")).isFalse();
    assertThat(denyOnly.permits("192.168.0.1")).isTrue();
    NetRules both = NetRules.of(List.of("10.0.0.0/8", "::1"), List.of("10.9.0.0/16"));
    assertThat(both.permits("10.1.1.1")).isTrue();
    assertThat(both.permits("10.9.1.1")).isFalse();
    assertThat(both.permits("::1")).isTrue();
    assertThat(both.permits("192.168.0.1")).isFalse();
    assertThat(both.permits("not-an-ip")).isFalse();
    assertThat(NetRules.OPEN.permits("anything")).isTrue();
  }

  @Test
  void badEntriesNameKeyAndValue() {
    assertThatThrownBy(() -> NetRules.of(List.of("10.0.0.0/8", "10.0.0.0/33"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("allow[1]: '10.0.0.0/33' has a bad prefix length (0-32)");
    assertThatThrownBy(() -> NetRules.of(null, List.of("10.0.0.300")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("deny[0]: '10.0.0.300' is not an IP address or CIDR network");
    assertThatThrownBy(() -> NetRules.of(List.of(), null))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("allow: is empty");
  }
}
