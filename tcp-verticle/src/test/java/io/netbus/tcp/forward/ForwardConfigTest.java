package io.netbus.tcp.forward;

import io.netbus.contract.ForwardTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.tcp.api.TcpListenerConfig;
import io.netbus.tcp.TcpModule;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ForwardConfigTest {

  private static TcpListenerConfig listener(String json) {
    return TcpConfig.from(new JsonObject("{\"listeners\": [" + json + "]}")).listeners().get(0);
  }

  private static void refused(String listenerJson, String message) {
    assertThatThrownBy(() -> new TcpModule().validate(new JsonObject("{\"listeners\": [" + listenerJson + "]}")))
        .isInstanceOf(ConfigException.class).hasMessage(message);
  }

  @Test
  void shortAndLongFormsMeanTheSame() {
    ForwardConfig shortForm = listener("{\"name\": \"f\", \"port\": 8080, \"service\": {\"forward\": \"db.lan:5432\"}}")
        .forward();
    ForwardConfig longForm = listener("""
        {"name": "f", "port": 8080, "service": {"forward": {"target": "db.lan:5432"}}}""").forward();
    assertThat(shortForm).isEqualTo(longForm);
    assertThat(shortForm.target().host()).isEqualTo("db.lan");
    assertThat(shortForm.target().port()).isEqualTo(5432);
    assertThat(shortForm.tls()).isFalse();
    assertThat(shortForm.via()).isNull();
    assertThat(shortForm.connectTimeoutMs()).isEqualTo(ForwardConfig.DEFAULT_CONNECT_TIMEOUT_MS);
  }

  @Test
  void targetsCanBeUnixSocketsAndIpv6() {
    ForwardConfig unix = listener("""
        {"name": "f", "port": 1, "service": {"forward": {"target": "unix:/run/app.sock", "connectTimeoutMs": 250}}}""")
        .forward();
    assertThat(unix.target().isUnix()).isTrue();
    assertThat(unix.target().path()).isEqualTo("/run/app.sock");
    assertThat(unix.target()).hasToString("unix:/run/app.sock");
    assertThat(unix.connectTimeoutMs()).isEqualTo(250);
    ForwardTarget v6 = ForwardTarget.parse("k", "[::1]:8080");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6).hasToString("[::1]:8080");
  }

  @Test
  void aListenerMayBindAUnixSocketWithoutAPort() {
    TcpListenerConfig l = listener("{\"name\": \"u\", \"host\": \"unix:/tmp/x.sock\", \"service\": \"echo\"}");
    assertThat(l.host()).isEqualTo("unix:/tmp/x.sock");
    assertThat(l.port()).isZero();
  }

  @Test
  void badValuesNameTheKey() {
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": \"nohost\"}}",
        "tcp.listeners[0].service.forward: 'nohost' is not host:port or unix:/path");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": \"h:99999\"}}",
        "tcp.listeners[0].service.forward: 'h:99999': 99999 is not a port (1-65535)");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": \"::1:80\"}}",
        "tcp.listeners[0].service.forward: '::1:80': write an IPv6 address in brackets, [::1]:port");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": \"unix:\"}}",
        "tcp.listeners[0].service.forward: 'unix:' names no path (unix:/path/to.sock)");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": {\"target\": \"h:1\", \"tsl\": true}}}",
        "tcp.listeners[0].service.forward.tsl: unknown key (known keys: target, tls, via, connectTimeoutMs)");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": {\"tls\": true}}}",
        "tcp.listeners[0].service.forward.target: is required (host:port or unix:/path)");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": {\"target\": \"h:1\", \"tls\": \"yes\"}}}",
        "tcp.listeners[0].service.forward.tls: expected true or false, found \"yes\"");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": {\"target\": \"h:1\", \"connectTimeoutMs\": 0}}}",
        "tcp.listeners[0].service.forward.connectTimeoutMs: 0 must be greater than 0");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": 8080}}",
        "tcp.listeners[0].service.forward: expected \"host:port\", \"unix:/path\" or {\"target\": ...}, found 8080");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": \"h:1\", \"tls\": true}}",
        "tcp.listeners[0].service.tls: unknown key next to forward (put options inside: "
            + "{\"forward\": {\"target\": ..., tls, via, connectTimeoutMs}})");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": \"h:2\"}, \"framing\": \"line\"}",
        "tcp.listeners[0].framing: 'line' does not apply to a forward listener (bytes pass through unchanged); "
            + "leave it out");
    refused("{\"name\": \"f\", \"host\": \"unix:\", \"service\": \"echo\"}",
        "tcp.listeners[0].host: 'unix:' names no path (unix:/path/to.sock)");
  }

  @Test
  void aListenerForwardingToItselfIsRefused() {
    refused("{\"name\": \"f\", \"port\": 8080, \"service\": {\"forward\": \"localhost:8080\"}}",
        "tcp.listeners[0].service.forward: forwards to the listener itself (localhost:8080)");
    refused("{\"name\": \"f\", \"host\": \"0.0.0.0\", \"port\": 8080, \"service\": {\"forward\": \"127.0.0.1:8080\"}}",
        "tcp.listeners[0].service.forward: forwards to the listener itself (127.0.0.1:8080)");
    refused("{\"name\": \"f\", \"host\": \"unix:/tmp/a.sock\", \"service\": {\"forward\": \"unix:/tmp/a.sock\"}}",
        "tcp.listeners[0].service.forward: forwards to the listener itself (unix:/tmp/a.sock)");
    // another port, or an ephemeral one, is not a loop
    assertThat(listener("{\"name\": \"f\", \"port\": 8081, \"service\": {\"forward\": \"127.0.0.1:8080\"}}").forward())
        .isNotNull();
  }

  @Test
  void viaNamesANodeAndItsTargetIsNotCheckedForALoopHere() {
    ForwardConfig via = listener("""
        {"name": "f", "port": 1, "service": {"forward": {"target": "db:5432", "via": "node-b"}}}""").forward();
    assertThat(via.via()).isEqualTo("node-b");
    // ssh -L 5432:127.0.0.1:5432 gw: the gateway's loopback, not this listener
    assertThat(listener("""
        {"name": "f", "port": 5432, "service": {"forward": {"target": "127.0.0.1:5432", "via": "gw"}}}""")
        .forward().via()).isEqualTo("gw");
    refused("{\"name\": \"f\", \"port\": 1, \"service\": {\"forward\": {\"target\": \"h:1\", \"via\": \"a.b\"}}}",
        "tcp.listeners[0].service.forward.via: 'a.b' must be letters, digits, '-' or '_'");
  }
}
