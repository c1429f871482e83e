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
    assertThat(origins).containsEntry("tcp.listeners[0].port", "override NETBUS_TCP_LISTENERS_0_PORT (environment)")
        .containsEntry("tcp.listeners[0].maxFrame", "override NETBUS_TCP_LISTENERS_0_MAXFRAME (environment)")
        .hasSize(3);
    assertThat(ConfigOverrides.originOf("tcp.listeners[0].port", origins))
        .contains("override NETBUS_TCP_LISTENERS_0_PORT (environment)");
    assertThat(ConfigOverrides.originOf("tcp.listeners[0].name", origins)).isEmpty();
    JsonObject listener = config.getJsonObject("tcp").getJsonArray("listeners").getJsonObject(0);
    assertThat(listener.getInteger("port")).isEqualTo(7000);
    assertThat(listener.getInteger("maxFrame")).isEqualTo(99);
    assertThat(listener.getString("host")).isEqualTo("::1");
  }

  @Test
  void badPathsNameTheVariable() {
    assertThatThrownBy(() -> ConfigOverrides.apply(base(), Map.of(), Map.of("NETBUS_TCP_LISTENERS_5_PORT", "1")))
        .isInstanceOf(ConfigOverrides.OverrideException.class)
        .hasMessage("override NETBUS_TCP_LISTENERS_5_PORT (environment): tcp.listeners has 1 entries; "
            + "index 5 is past its end");
    assertThatThrownBy(() -> ConfigOverrides.apply(base(), Map.of("netbus.tcp.instances.x", "1"), Map.of()))
        .isInstanceOf(ConfigOverrides.OverrideException.class)
        .hasMessage("override -Dnetbus.tcp.instances.x: 'x' does not name a key or list index under tcp.instances");
  }

  @Test
  void aKeyAnOverrideCreatedIsBlamedOnIt() {
    JsonObject config = base();
    Map<String, String> origins = ConfigOverrides.apply(config, Map.of("netbus.tcp.listenrs.0.port", "1"),
        Map.of("NETBUS_TPC_X", "2", "NETBUS_LOG_LEVEL", "debug"));
    // the misspelt keys are where validation stops: each names its variable
    assertThat(ConfigOverrides.originOf("tcp.listenrs", origins)).contains("override -Dnetbus.tcp.listenrs.0.port");
    assertThat(ConfigOverrides.originOf("tpc", origins)).contains("override NETBUS_TPC_X (environment)");
    assertThat(ConfigOverrides.originOf("log", origins)).contains("override NETBUS_LOG_LEVEL (environment)");
    // keys the file holds stay the file's
    assertThat(ConfigOverrides.originOf("tcp", origins)).isEmpty();
    assertThat(ConfigOverrides.originOf("tcp.listeners[0].port", origins)).isEmpty();
  }

  @Test
  void theLauncherAndClientVariablesAreNotOverrides() {
    JsonObject config = base();
    Map<String, String> origins = ConfigOverrides.apply(config, Map.of(),
        Map.of("NETBUS_JAVA_OPTS", "-Xmx1g", "NETBUS_TOKEN", "secret", "NETBUS_JAR", "/tmp/netbus.jar"));
    assertThat(origins).isEmpty();
    assertThat(config).isEqualTo(base());
  }
}
