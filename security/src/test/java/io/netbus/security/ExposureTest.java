package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExposureTest {

  static final Optional<AuthSection> AUTH = Optional.of(AuthSection.from(new JsonObject().put("clients",
      new JsonArray().add(new JsonObject().put("name", "ops").put("cn", "ops")))));

  static ListenerSecurity security(JsonObject json) {
    return ListenerSecurity.from(json, "bridge", true);
  }

  @Test
  void loopbackIsLoopback() {
    for (String h : new String[] {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "0:0:0:0:0:0:0:1",
        "unix:/tmp/x.sock", "::ffff:127.0.0.1"}) {
      assertThat(Exposure.isLoopback(h)).as(h).isTrue();
    }
    for (String h : new String[] {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "node1.lan", "128.0.0.1", "::2"}) {
      assertThat(Exposure.isLoopback(h)).as(h).isFalse();
    }
  }

  @Test
  void exposedWithoutTlsIsRefusedNamingTheHostKey() {
    assertThatThrownBy(() -> Exposure.check("bridge", "the bridge", "0.0.0.0", security(new JsonObject()), AUTH))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bridge.host: '0.0.0.0' is not a loopback address, so the bridge needs \"tls\": true,"
            + " or \"insecure\": true to be exposed anyway");
    assertThatThrownBy(() -> Exposure.check("bridge", "the bridge", "0.0.0.0", security(new JsonObject()), Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs \"tls\": true and authentication (\"clientAuth\": \"required\" or an auth section)");
  }

  @Test
  void exposedWithTlsButNoAuthenticationIsRefused() {
    ListenerSecurity tlsOnly = security(new JsonObject().put("tls", true).put("clientAuth", "request"));
    assertThatThrownBy(() -> Exposure.check("metrics", "the metrics server", "10.0.0.1", tlsOnly, Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.host: '10.0.0.1'")
        .hasMessageContaining("the metrics server needs authentication");
  }

  @Test
  void exposedWithTlsAndAuthenticationOrInsecureStarts() {
    ListenerSecurity mutual = security(new JsonObject().put("tls", true));
    ListenerSecurity tokens = security(new JsonObject().put("tls", true).put("clientAuth", "none"));
    ListenerSecurity insecure = security(new JsonObject().put("insecure", true));
    assertThatCode(() -> Exposure.check("bridge", "the bridge", "0.0.0.0", mutual, Optional.empty())).doesNotThrowAnyException();
    assertThatCode(() -> Exposure.check("bridge", "the bridge", "0.0.0.0", tokens, AUTH)).doesNotThrowAnyException();
    assertThatCode(() -> Exposure.check("bridge", "the bridge", "0.0.0.0", insecure, Optional.empty())).doesNotThrowAnyException();
    assertThatCode(() -> Exposure.check("bridge", "the bridge", "127.0.0.1", security(new JsonObject()), Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void clusterUsesTheSameRule() {
    assertThatThrownBy(() -> Exposure.check("cluster", "the cluster", "192.168.1.2", false, false, false))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("cluster.host: '192.168.1.2'");
    assertThatCode(() -> Exposure.check("cluster", "the cluster", "192.168.1.2", true, true, false)).doesNotThrowAnyException();
  }
}
