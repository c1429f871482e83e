package io.netbus.tcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortRangesTest {

  @Test
  void listsAndRanges() {
    assertThat(PortRanges.parse("22,80,8000-8003, 80 ,1")).containsExactly(1, 22, 80, 8000, 8001, 8002, 8003);
    assertThat(PortRanges.parse("1-65535")).hasSize(65535);
  }

  @Test
  void badSpecsNameThePart() {
    assertThatThrownBy(() -> PortRanges.parse("22,http")).hasMessage("'http' is not a port or range (e.g. 22,80,8000-8100)");
    assertThatThrownBy(() -> PortRanges.parse("0")).hasMessage("'0': 0 is not a port (1-65535)");
    assertThatThrownBy(() -> PortRanges.parse("10-70000")).hasMessage("'10-70000': 70000 is not a port (1-65535)");
    assertThatThrownBy(() -> PortRanges.parse("9-8")).hasMessage("'9-8' is an empty range (9 > 8)");
    assertThatThrownBy(() -> PortRanges.parse(" ")).hasMessageStartingWith("no ports given");
  }
}
