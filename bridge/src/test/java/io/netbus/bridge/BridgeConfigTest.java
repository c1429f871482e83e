package io.netbus.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The {@code bridge} section's checks and defaults. */
class BridgeConfigTest {

  @Test
  void bridgeLimitsAreValidated() {
    assertThatThrownBy(() -> BridgeConfig.from(new JsonObject().put("maxFrame", 10)))
        .hasMessageStartingWith("bridge.maxFrame: 10 must be at least 64");
    assertThatThrownBy(() -> BridgeConfig.from(new JsonObject().put("inbound", new JsonArray().add("(("))))
        .hasMessageStartingWith("bridge.inbound[0]:");
    BridgeConfig b = BridgeConfig.from(new JsonObject());
    assertThat(b.port()).isEqualTo(7000);
    assertThat(b.maxFrame()).isEqualTo(1 << 20);
  }
}
