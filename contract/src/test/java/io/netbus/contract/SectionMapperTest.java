package io.netbus.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionMapperTest {

  record Listener(String name, Integer port, Boolean publish) {
    Listener {
      name = ConfigChecks.name("name", name);
      port = ConfigChecks.port("port", port, 0);
    }
  }

  record Section(Integer instances, List<Listener> listeners) {
    Section {
      instances = ConfigChecks.positive("instances", instances, 1);
      listeners = listeners == null ? List.of() : List.copyOf(listeners);
      ConfigChecks.uniqueNames("listeners", listeners, Listener::name);
    }
  }

  private static Section read(String json) {
    return SectionMapper.read(new JsonObject(json), Section.class, "tcp");
  }

  @Test
  void readsValidSectionWithDefaults() {
    Section s = read("{\"listeners\":[{\"name\":\"a\",\"port\":1}]}");
    assertThat(s.instances()).isEqualTo(1);
    assertThat(s.listeners()).containsExactly(new Listener("a", 1, null));
  }

  @Test
  void namesTheKeyPathOfABadNestedValue() {
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a\",\"port\":1},{\"name\":\"b\",\"port\":2},"
        + "{\"name\":\"c\",\"port\":70000}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[2].port: 70000 is not a port (0-65535)")
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("tcp.listeners[2].port");
  }

  @Test
  void refusesUnknownKeysNamingTheKnownOnes() {
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a\",\"port\":1,\"prot\":2}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.listeners[0].prot: unknown key (known keys: name, port, publish)");
  }

  record Target(String host, Integer port) {
    Target {
      host = ConfigChecks.required("host", host);
    }
  }

  record Targets(List<Target> targets) {
  }

  @Test
  void aTypoOfARequiredKeyIsReportedAsTheUnknownKeyItIs() {
    assertThatThrownBy(() -> SectionMapper.read(new JsonObject("{\"targets\":[{\"hots\":\"a\",\"port\":1}]}"),
        Targets.class, "fwd"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("fwd.targets[0].hots: unknown key (known keys: host, port)");
    assertThatThrownBy(() -> SectionMapper.read(new JsonObject("{\"hots\":\"a\"}"), Target.class, "t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("t.hots: unknown key (known keys: host, port)");
  }

  @Test
  void refusesAFractionWhereAWholeNumberIsExpected() {
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a\",\"port\":8080.5}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[0].port: 8080.5 is not a valid whole number");
  }

  @Test
  void refusesWrongTypes() {
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a\",\"port\":\"eighty\"}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.listeners[0].port: ")
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> read("{\"listeners\":{\"name\":\"a\"}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners: expected a list [ ... ], found {\"name\":\"a\"}");
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a\",\"port\":1,\"publish\":\"yes\"}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.listeners[0].publish: ");
  }

  @Test
  void refusesDuplicateNames() {
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a\",\"port\":1},{\"name\":\"a\",\"port\":2}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[1].name: 'a' is already the name of listeners[0]");
  }

  @Test
  void topLevelValueErrorsNameTheSectionKey() {
    assertThatThrownBy(() -> read("{\"instances\":0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.instances: 0 must be greater than 0");
  }

  @Test
  void refusesNamesThatWouldBreakAddresses() {
    assertThatThrownBy(() -> read("{\"listeners\":[{\"name\":\"a.b\",\"port\":1}]}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[0].name: 'a.b' must be letters, digits, '-' or '_'");
  }
}
