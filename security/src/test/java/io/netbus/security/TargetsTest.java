package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

  final Targets targets = Targets.parse("tcp.targets",
      List.of("10.0.0.0/8:22,80,8000-8100", "NAS.lan:9001", "[fd00::/8]:443", "::1", "*.build.lan", "192.168.1.5"));

  @Test
  void cidrTargetsWithPorts() {
    assertThat(targets.check("10.2.3.4", 22)).isTrue();
    assertThat(targets.check("10.2.3.4", 8050)).isTrue();
    assertThat(targets.check("10.2.3.4", 8101)).isFalse();
    assertThat(targets.check("11.0.0.1", 22)).isFalse();
    assertThat(targets.check("192.168.1.5", 1)).as("no ports: every port").isTrue();
  }

  @Test
  void ipv6TargetsNeedBracketsForPorts() {
    assertThat(targets.check("fd00::7", 443)).isTrue();
    assertThat(targets.check("fd00::7", 80)).isFalse();
    assertThat(targets.check("::1", 12345)).isTrue();
    assertThat(targets.check("[::1]", 12345)).isTrue();
  }

  @Test
  void namesMatchAsGivenIgnoringCase() {
    assertThat(targets.check("nas.LAN", 9001)).isTrue();
    assertThat(targets.check("nas.lan.", 9001)).isTrue();
    assertThat(targets.check("nas.lan", 9002)).isFalse();
    assertThat(targets.check("ci.build.lan", 5)).isTrue();
    assertThat(targets.check("build.lan", 5)).as("*.x matches below x only").isFalse();
    assertThat(targets.check("evil-nas.lan", 9001)).isFalse();
  }

  @Test
  void aNameReachesACidrTargetOnlyThroughTheAddressTheCallerResolved() throws Exception {
    assertThat(targets.check("printer.lan", 22)).isFalse();
    assertThat(targets.wantsResolution("printer.lan", 22)).isTrue();
    Targets namesOn22 = Targets.parse("tcp.targets", List.of("10.0.0.0/8:22", "nas.lan"));
    assertThat(namesOn22.wantsResolution("printer.lan", 5)).as("no CIDR target has port 5").isFalse();
    assertThat(namesOn22.wantsResolution("nas.lan", 5)).as("a name target already allows it").isFalse();
    assertThat(namesOn22.wantsResolution("10.0.0.1", 22)).as("a literal needs no resolution").isFalse();
    assertThat(targets.check("printer.lan", InetAddress.getByAddress(new byte[] {10, 0, 0, 9}), 22)).isTrue();
    assertThat(targets.check("printer.lan", InetAddress.getByAddress(new byte[] {11, 0, 0, 9}), 22)).isFalse();
  }

  @Test
  void absentListAllowsAllEmptyListNothing() {
    assertThat(Targets.parse("tcp.targets", null).check("anything", 1)).isTrue();
    assertThat(Targets.parse("tcp.targets", List.of()).check("10.0.0.1", 1)).isFalse();
  }

  @Test
  void badEntriesNameKeyAndValue() {
    assertThatThrownBy(() -> Targets.parse("udp.targets", List.of("10.0.0.0/8:0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("udp.targets[0]: '0' in '0' is not a port (1-65535)");
    assertThatThrownBy(() -> Targets.parse("tcp.targets", List.of("ok.lan", "bad host:80")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.targets[1]: 'bad host:80' is not CIDR[:ports] or host[:ports]");
    assertThatThrownBy(() -> Targets.parse("tcp.targets", List.of("h:90-80")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.targets[0]: '90-80' is an empty port range");
    assertThatThrownBy(() -> Targets.parse("tcp.targets", List.of("[fd00::1:80")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.targets[0]: '[fd00::1:80' has '[' without ']'");
    assertThatThrownBy(() -> Targets.parse("tcp.targets", List.of("10.0.0.0/40")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.targets[0]: '10.0.0.0/40' has a bad prefix length");
  }
}
