package io.netbus.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.launcher.node.Modules;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {

  private static NodeConfig validate(String json) {
    return NodeConfig.validate(new JsonObject(json), Modules.all());
  }

  @Test
  void theEmbeddedDefaultIsValid() {
    NodeConfig config = NodeConfig.validate(ConfigLoader.embeddedDefault(), Modules.all());
    assertThat(config.cluster().enabled()).isFalse();
    assertThat(config.json().getJsonObject("bridge")).isNotNull();
    assertThat(config.log().level()).isEqualTo("info");
  }

  @Test
  void unknownSectionsAreRefused() {
    assertThatThrownBy(() -> validate("{\"tpc\":{}}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tpc: unknown section (known sections: tcp, udp, file, bridge, metrics, cluster, log, tls, auth, node)");
    assertThatThrownBy(() -> validate("{\"tcp\":[]}"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("tcp: expected an object");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown service | {'tcp':{'listeners':[{'name':'a','port':1,'service':'ftp'}]}} | tcp.listeners[0].service | ftp",
      "unknown framing | {'tcp':{'listeners':[{'name':'a','port':1,'service':'echo','framing':'xml'}]}} | tcp.listeners[0].framing | xml",
      "port too big | {'tcp':{'listeners':[{'name':'a','port':1,'service':'echo'},{'name':'b','port':70000,'service':'echo'}]}} | tcp.listeners[1].port | 70000",
      "negative port | {'udp':{'listeners':[{'name':'a','port':-1,'service':'echo'}]}} | udp.listeners[0].port | -1",
      "unknown udp service | {'udp':{'listeners':[{'name':'a','port':1,'service':'chat'}]}} | udp.listeners[0].service | chat",
      "unknown mode | {'file':{'root':'d','listeners':[{'name':'a','port':1,'mode':'ftp'}]}} | file.listeners[0].mode | ftp",
      "duplicate name | {'tcp':{'listeners':[{'name':'a','port':1,'service':'echo'},{'name':'a','port':2,'service':'echo'}]}} | tcp.listeners[1].name | a",
      "unknown key | {'tcp':{'listeners':[{'name':'a','port':1,'service':'echo','prot':2}]}} | tcp.listeners[0].prot | unknown key",
      "bridge port | {'bridge':{'port':65536}} | bridge.port | 65536",
      "bad log level | {'log':{'level':'loud'}} | log.level | loud",
      "cluster members not a list | {'cluster':{'members':'a:1'}} | cluster.members | a:1",
      "node name with a dot | {'node':{'name':'a.b'}} | node.name | 'a.b' is not a node name",
      "node name reserved | {'node':{'name':'local'}} | node.name | reserved",
      "node unknown key | {'node':{'nmae':'a'}} | node.nmae | unknown key",
  })
  void badValuesNameTheKeyAndTheValue(String what, String json, String key, String value) {
    assertThatThrownBy(() -> validate(json.replace('\'', '"')))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ": ")
        .hasMessageContaining(value);
  }
}
