package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ListenerSecurityTest {

  @Test
  void defaultsArePlaintextAndOpen() {
    ListenerSecurity s = ListenerSecurity.from(new JsonObject().put("port", 1), "tcp.listeners[0]", false);
    assertThat(s).isEqualTo(ListenerSecurity.PLAIN);
  }

  @Test
  void clientAuthDefaultsByKind() {
    JsonObject tls = new JsonObject().put("tls", true);
    assertThat(ListenerSecurity.from(tls, "bridge", true).clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(ListenerSecurity.from(tls, "tcp.listeners[0]", false).clientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(ListenerSecurity.from(tls.copy().put("clientAuth", "Request"), "bridge", true).clientAuth())
        .isEqualTo(ClientAuth.REQUEST);
    assertThat(ListenerSecurity.from(tls.copy().put("clientAuth", "none"), "bridge", true).certificateRequired())
        .isFalse();
  }

  @Test
  void readsRulesAndInsecure() {
    ListenerSecurity s = ListenerSecurity.from(new JsonObject().put("insecure", true)
        .put("allow", new JsonArray().add("10.0.0.0/8")).put("deny", new JsonArray().add("10.0.0.1")), "metrics", true);
    assertThat(s.insecure()).isTrue();
    assertThat(s.rules().permits("10.0.0.2")).isTrue();
    assertThat(s.rules().permits("10.0.0.1")).isFalse();
  }

  @Test
  void errorsNameTheFullKey() {
    assertThatThrownBy(() -> ListenerSecurity.from(new JsonObject().put("tls", true).put("clientAuth", "maybe"),
        "file.listeners[1]", true))
        .isInstanceOf(ConfigException.class)
        .hasMessage("file.listeners[1].clientAuth: 'maybe' is not one of none, request, required");
    assertThatThrownBy(() -> ListenerSecurity.from(new JsonObject().put("clientAuth", "required"), "bridge", true))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("bridge.clientAuth: 'required' needs \"tls\": true");
    assertThatThrownBy(() -> ListenerSecurity.from(new JsonObject().put("tls", "yes"), "bridge", true))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bridge.tls: expected true or false, found 'yes'");
    assertThatThrownBy(() -> ListenerSecurity.from(new JsonObject().put("deny", new JsonArray().add("10.0.0.0/8").add(7)),
        "tcp.listeners[2]", false))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[2].deny[1]: expected a string, found 7");
    assertThatThrownBy(() -> ListenerSecurity.from(new JsonObject().put("allow", new JsonArray().add("nas.lan")),
        "tcp.listeners[2]", false))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.listeners[2].allow[0]: 'nas.lan' is not an IP address");
  }
}
