package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The metrics section: defaults, and each refusal names the full key. */
class ConsoleConfigTest {

  @Test
  void defaultsToLoopbackPort9100() {
    ConsoleConfig c = ConsoleConfig.from(new JsonObject());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.tail()).isEqualTo(ConsoleConfig.DEFAULT_TAIL);
    assertThat(c.rules().isOpen()).isTrue();
  }

  @Test
  void offLoopbackIsRefusedUnlessInsecure() {
    assertThatThrownBy(() -> ConsoleConfig.from(new JsonObject().put("host", "0.0.0.0")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("metrics.host: '0.0.0.0' is not a loopback address");
    assertThat(ConsoleConfig.from(new JsonObject().put("host", "0.0.0.0").put("insecure", true)).host())
        .isEqualTo("0.0.0.0");
    assertThat(ConsoleConfig.from(new JsonObject().put("host", "localhost")).host()).isEqualTo("localhost");
  }

  @Test
  void badValuesNameTheirKey() {
    assertRefused(new JsonObject().put("port", 70000), "metrics.port: 70000 is not a port");
    assertRefused(new JsonObject().put("prot", 1), "metrics.prot: unknown key");
    assertRefused(new JsonObject().put("allow", new JsonArray().add("10.0.0.0/8").add("ten")), "metrics.allow[1]: ");
    assertRefused(new JsonObject().put("deny", new JsonArray().add("10.0.0.0/33")), "metrics.deny[0]: ");
    assertRefused(new JsonObject().put("allow", new JsonArray()), "metrics.allow: is empty");
    assertRefused(new JsonObject().put("host", "myhost.example"), "metrics.host: 'myhost.example' is not a loopback");
    assertRefused(new JsonObject().put("tail", new JsonArray().add("netbus\\.(")),
        "metrics.tail[0]: 'netbus\\.(' is not a valid regex");
    assertRefused(new JsonObject().put("tls", true), "metrics.tls: not available yet");
    assertRefused(new JsonObject().put("insecure", "yes"), "metrics.insecure: ");
  }

  private static void assertRefused(JsonObject section, String message) {
    assertThatThrownBy(() -> ConsoleConfig.from(section)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
