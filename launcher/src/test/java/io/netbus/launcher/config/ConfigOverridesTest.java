package io.netbus.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigOverridesTest {

  private static JsonObject base() {
    return new JsonObject("{\"tcp\":{\"instances\":1,\"listeners\":[{\"name\":\"a\",\"port\":1,\"maxFrame\":10}]}}");
  }

  @Test
  void systemPropertiesSetNestedValuesAndListEntries() {
    JsonObject config = base();
    ConfigOverrides.apply(config, Map.of("netbus.tcp.listeners.0.port", "6000", "netbus.tcp.instances", "4",
        "java.version", "17", "netbus.log.level", "debug"), Map.of());
    assertThat(config.getJsonObject("tcp").getInteger("instances")).isEqualTo(4);
    assertThat(config.getJsonObject("tcp").getJsonArray("listeners").getJsonObject(0).getInteger("port")).isEqualTo(6000);
    assertThat(config.getJsonObject("log").getString("level")).isEqualTo("debug");
    assertThat(config.containsKey("java")).isFalse();
  }

  @Test
  void environmentMatchesKeysIgnoringCaseAndWinsOverSystemProperties() {
    JsonObject config = base();
    Map<String, String> origins = ConfigOverrides.apply(config, Map.of("netbus.tcp.listeners.0.port", "6000"),
        Map.of("NETBUS_TCP_LISTENERS_0_PORT", "7000", "NETBUS_TCP_LISTENERS_0_MAXFRAME", "99",
            "NETBUS_TCP_LISTENERS_0_HOST", "::1", "HOME", "/root"));
    assertThat(origins).containsEntry("tcp.listeners[0].port", "NETBUS_TCP_LISTENERS_0_PORT (environment)")
        .containsEntry("tcp.listeners[0].maxFrame", "NETBUS_TCP_LISTENERS_0_MAXFRAME (environment)")
        .hasSize(3);
    assertThat(ConfigOverrides.originOf("tcp.listeners[0].port", origins))
        .contains("NETBUS_TCP_LISTENERS_0_PORT (environment)");
    assertThat(ConfigOverrides.originOf("tcp.listeners[0].name", origins)).isEmpty();
    JsonObject listener = config.getJsonObject("tcp").getJsonArray("listeners").getJsonObject(0);
    assertThat(listener.getInteger("port")).isEqualTo(7000);
    assertThat(listener.getInteger("maxFrame")).isEqualTo(99);
    assertThat(listener.getString("host")).isEqualTo("::1");
  }

  @Test
  void badPathsNameTheVariable() {
    assertThatThrownBy(() -> ConfigOverrides.apply(base(), Map.of(), Map.of("NETBUS_TCP_LISTENERS_5_PORT", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("NETBUS_TCP_LISTENERS_5_PORT: index 5 is past the end of a list of 1");
    assertThatThrownBy(() -> ConfigOverrides.apply(base(), Map.of("netbus.tcp.instances.x", "1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("-Dnetbus.tcp.instances.x: ");
  }
}
