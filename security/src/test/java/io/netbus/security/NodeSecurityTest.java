package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSecurityTest {

  @TempDir
  Path dir;

  @Test
  void tlsListenerNeedsTheTlsSection() {
    ListenerSecurity tls = ListenerSecurity.from(new JsonObject().put("tls", true), "tcp.listeners[0]", false);
    assertThatThrownBy(() -> NodeSecurity.NONE.checkListener("tcp.listeners[0]", "the listener 'upper'", "127.0.0.1", tls, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.listeners[0].tls: true needs the top-level \"tls\" section");
  }

  @Test
  void readsBothSectionsAndChecksExposure() throws Exception {
    Certs.Issued ca = TestCerts.ca();
    TestCerts.write(dir, "ca", ca);
    TestCerts.write(dir, "node", TestCerts.node(ca));
    NodeSecurity node = NodeSecurity.from(new JsonObject()
        .put("tls", new JsonObject().put("cert", "node.crt").put("key", "node.key").put("ca", "ca.crt"))
        .put("tcp", new JsonObject()), dir);
    assertThat(node.tls()).isPresent();
    assertThat(node.auth()).isEmpty();
    ListenerSecurity bridge = ListenerSecurity.from(new JsonObject().put("tls", true), "bridge", true);
    assertThatCode(() -> node.checkListener("bridge", "the bridge", "0.0.0.0", bridge, true)).doesNotThrowAnyException();
    ListenerSecurity plain = ListenerSecurity.from(new JsonObject(), "bridge", true);
    assertThatThrownBy(() -> node.checkListener("bridge", "the bridge", "0.0.0.0", plain, true))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("bridge.host: ");
    assertThatCode(() -> node.checkListener("tcp.listeners[0]", "a listener", "0.0.0.0", plain, false))
        .as("service listeners may be plaintext anywhere").doesNotThrowAnyException();
  }

  @Test
  void sectionMustBeAnObject() {
    assertThatThrownBy(() -> NodeSecurity.from(new JsonObject().put("auth", "yes"), dir))
        .isInstanceOf(ConfigException.class).hasMessage("auth: expected an object { ... }, found yes");
  }
}
