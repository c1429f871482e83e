package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.security.NodeSecurity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void offLoopbackIsRefusedWithoutTlsAndAuthenticationUnlessInsecure() {
    JsonObject exposed = new JsonObject().put("host", "0.0.0.0");
    assertThatThrownBy(() -> ConsoleConfig.from(exposed, NodeSecurity.NONE)).isInstanceOf(ConfigException.class)
        .hasMessage("metrics.host: '0.0.0.0' is not a loopback address, so the metrics server (console, /metrics) "
            + "needs \"tls\": true and authentication (\"clientAuth\": \"required\" or an auth section), "
            + "or \"insecure\": true to be exposed anyway");
    assertThat(ConsoleConfig.from(exposed.copy().put("insecure", true), NodeSecurity.NONE).host()).isEqualTo("0.0.0.0");
    assertThat(ConsoleConfig.from(new JsonObject().put("host", "localhost"), NodeSecurity.NONE).host())
        .isEqualTo("localhost");
  }

  @Test
  void offLoopbackStartsWithTlsAndAuthentication(@TempDir Path dir) throws Exception {
    ConsoleCerts certs = ConsoleCerts.make(dir);
    JsonObject exposed = new JsonObject().put("host", "0.0.0.0").put("tls", true);
    // clientAuth required (the default with tls): the certificate authenticates
    assertThat(ConsoleConfig.from(exposed, certs.node(true, false)).security().certificateRequired()).isTrue();
    // clientAuth none: tokens of the auth section authenticate
    assertThat(ConsoleConfig.from(exposed.copy().put("clientAuth", "none"), certs.node(true, true)).host())
        .isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> ConsoleConfig.from(exposed.copy().put("clientAuth", "none"), certs.node(true, false)))
        .hasMessageStartingWith("metrics.host: '0.0.0.0' is not a loopback address, so the metrics server "
            + "(console, /metrics) needs authentication");
    assertThatThrownBy(() -> ConsoleConfig.from(new JsonObject().put("host", "0.0.0.0"), certs.node(true, true)))
        .hasMessageContaining("needs \"tls\": true, or \"insecure\": true");
  }

  @Test
  void tlsNeedsTheNodesTlsSection() {
    assertThatThrownBy(() -> ConsoleConfig.from(new JsonObject().put("tls", true), NodeSecurity.NONE))
        .isInstanceOf(ConfigException.class)
        .hasMessage("metrics.tls: true needs the top-level \"tls\" section {\"cert\", \"key\", \"ca\"}");
  }

  @Test
  void diskDefaultsToTheFileRoot() {
    ConsoleConfig c = ConsoleConfig.from(new JsonObject());
    assertThat(c.diskPaths(ConsoleContext.NONE)).containsExactly(".");
    assertThat(c.diskPaths(ConsoleContext.from(new JsonObject().put("file", new JsonObject().put("root", "/srv/files")))))
        .containsExactly("/srv/files");
    assertThat(ConsoleConfig.from(new JsonObject().put("disk", new JsonArray().add("/data")))
        .diskPaths(new ConsoleContext("/srv/files", null))).containsExactly("/data");
  }

  @Test
  void badValuesNameTheirKey() {
    assertRefused(new JsonObject().put("port", 70000), "metrics.port: 70000 is not a port");
    assertRefused(new JsonObject().put("prot", 1), "metrics.prot: unknown key");
    assertRefused(new JsonObject().put("allow", new JsonArray().add("10.0.0.0/8").add("ten")), "metrics.allow[1]: ");
    assertRefused(new JsonObject().put("deny", new JsonArray().add("10.0.0.0/33")), "metrics.deny[0]: ");
    assertRefused(new JsonObject().put("allow", new JsonArray()), "metrics.allow: is empty");
    assertRefused(new JsonObject().put("tail", new JsonArray().add("netbus\\.(")),
        "metrics.tail[0]: 'netbus\\.(' is not a valid regex");
    assertRefused(new JsonObject().put("clientAuth", "none"), "metrics.clientAuth: 'none' needs \"tls\": true");
    assertRefused(new JsonObject().put("tls", true).put("clientAuth", "some"), "metrics.clientAuth: 'some' is not one of");
    assertRefused(new JsonObject().put("insecure", "yes"), "metrics.insecure: ");
  }

  private static void assertRefused(JsonObject section, String message) {
    assertThatThrownBy(() -> ConsoleConfig.from(section)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }
}
