package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {

  @Test
  void parsesHostPortForms() {
    assertThat(Target.parse("127.0.0.1:7000")).isEqualTo(new Target("127.0.0.1", 7000));
    assertThat(Target.parse("localhost:1")).isEqualTo(new Target("localhost", 1));
    assertThat(Target.parse("[::1]:65535")).isEqualTo(new Target("::1", 65535));
    assertThat(Target.parse("9000")).isEqualTo(new Target("127.0.0.1", 9000));
    assertThat(new Target("::1", 80)).hasToString("[::1]:80");
  }

  @Test
  void refusesBadPorts() {
    assertThatThrownBy(() -> Target.parse("127.0.0.1:70000")).hasMessageContaining("70000 is not a port");
    assertThatThrownBy(() -> Target.parse("127.0.0.1:x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Target.parse(":80")).hasMessageContaining("missing host");
  }

  @Test
  void refusesNonLoopbackUnlessAllowed() {
    assertThat(Target.parse("127.0.0.1:80").checkLoopback(false)).isNotNull();
    assertThat(Target.parse("[::1]:80").checkLoopback(false)).isNotNull();
    assertThatThrownBy(() -> Target.parse("10.1.2.3:80").checkLoopback(false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a loopback address").hasMessageContaining("--allow-remote");
    assertThat(Target.parse("10.1.2.3:80").checkLoopback(true).host()).isEqualTo("10.1.2.3");
  }

  @Test
  void limitsAreBounded() {
    assertThatThrownBy(() -> new Limits(0, 100_000, 0, 5)).hasMessageContaining("--duration");
    assertThatThrownBy(() -> new Limits(-1, 1, 0, 5)).hasMessageContaining("--warmup");
    assertThatThrownBy(() -> new Limits(0, 1, -1, 5)).hasMessageContaining("--count");
    assertThat(new Limits(0, 1, 5, 5).byCount()).isTrue();
  }
}
