package io.netbus.tcp;

import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.api.TcpListenerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static void refused(String json, String message) {
    assertThatThrownBy(() -> new TcpModule().validate(new JsonObject(json)))
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Test
  void defaultsAreSensible() {
    TcpConfig c = TcpConfig.from(new JsonObject("""
        {"listeners": [{"name": "g", "port": 9999, "service": "greet"},
                       {"name": "c", "port": 8080, "service": "chat", "framing": "line"}]}"""));
    TcpListenerConfig g = c.listeners().get(0);
    assertThat(g.host()).isEqualTo("127.0.0.1");
    assertThat(g.framing()).isEqualTo("raw");
    assertThat(g.welcome()).isEqualTo("Welcome!");
    assertThat(g.maxFrame()).isEqualTo(65536);
    assertThat(g.publish()).isTrue();
    assertThat(g.maxConnections()).isEqualTo(10_000);
    assertThat(g.idleTimeoutSeconds()).isZero();
    assertThat(c.listeners().get(1).publish()).isTrue();
    assertThat(c.instances()).isEqualTo(1);
  }

  @Test
  void badValuesNameTheKey() {
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": \"echo\", \"framing\": \"lines\"}]}",
        "tcp.listeners[0].framing: 'lines' is not one of raw, line, length");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 70000, \"service\": \"echo\"}]}",
        "tcp.listeners[0].port: 70000 is not a port (0-65535)");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": \"echo\", \"maxFrame\": 0}]}",
        "tcp.listeners[0].maxFrame: 0 must be greater than 0");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": \"echo\", \"idleTimeoutSeconds\": -1}]}",
        "tcp.listeners[0].idleTimeoutSeconds: -1 must be at least 0");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": {\"address\": \"\"}}]}",
        "tcp.listeners[0].service.address: expected a bus address (a non-empty string), found \"\"");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": {\"adress\": \"x\"}}]}",
        "tcp.listeners[0].service: {\"adress\":\"x\"} is not one of echo, upper, greet, time, chat, {\"address\": \"...\"} or {\"forward\": \"host:port\"}");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": {\"address\": \"x\", \"to\": 1}}]}",
        "tcp.listeners[0].service.to: unknown key (known keys: address, timeoutMs)");
    refused("{\"listeners\": [{\"name\": \"a\", \"port\": 1, \"service\": \"echo\", \"colour\": 1}]}",
        "tcp.listeners[0].colour: unknown key (known keys: allow, backlog, clientAuth, deny, framing, host, "
            + "idleTimeoutSeconds, insecure, keepAlive, maxConnections, maxFrame, maxInFlight, name, port, publish, "
            + "reuseAddress, service, tcpNoDelay, tls, welcome)");
    refused("{\"instances\": 0}", "tcp.instances: 0 must be greater than 0");
  }

  @Test
  void addressServicesTakeATimeout() {
    TcpListenerConfig l = TcpConfig.from(new JsonObject("""
        {"listeners": [{"name": "b", "port": 1, "service": {"address": "svc.x", "timeoutMs": 250}}]}"""))
        .listeners().get(0);
    assertThat(l.serviceAddress()).isEqualTo("svc.x");
    assertThat(l.requestTimeoutMs()).isEqualTo(250);
    assertThat(l.serviceName()).isEqualTo("address");
  }
}
