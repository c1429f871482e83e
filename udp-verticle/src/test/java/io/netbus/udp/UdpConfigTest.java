package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code udp} section's validation: every refusal names its key. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class UdpConfigTest {

  private static JsonObject section(JsonObject listener) {
    return new JsonObject().put("listeners", new JsonArray().add(listener));
  }

  private static JsonObject greet() {
    return new JsonObject().put("name", "greet").put("port", 9999).put("service", "greet");
  }

  private static void refused(JsonObject section, String message) {
    assertThatThrownBy(() -> new UdpModule().validate(section))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void defaults() {
    UdpConfig config = UdpConfig.from(section(greet()));
    UdpListenerConfig l = config.listeners().get(0);
    assertThat(config.instances()).isEqualTo(1);
    assertThat(l.host()).isEqualTo("127.0.0.1");
    assertThat(l.maxDatagram()).isEqualTo(65507);
    assertThat(l.publish()).isTrue();
    assertThat(l.busAddress()).isNull();
    assertThat(UdpConfig.from(new JsonObject()).listeners()).isEmpty();
  }

  @Test
  void busServiceTakesAnAddress() {
    UdpListenerConfig l = UdpConfig.from(section(greet().put("service", new JsonObject().put("address", "my.svc"))))
        .listeners().get(0);
    assertThat(l.busAddress()).isEqualTo("my.svc");
  }

  @Test
  void refusesFewerThanOneInstanceNamingTheKey() {
    // more than one is a deploy-time question (the native transport), see UdpInstancesTest
    refused(new JsonObject().put("instances", 0), "udp.instances: 0 must be at least 1");
  }

  @Test
  void refusesBadListenerValues() {
    refused(section(greet().put("port", 70000)), "udp.listeners[0].port: 70000 is not a port (0-65535)");
    refused(section(greet().put("service", "upper")), "udp.listeners[0].service: 'upper' is not one of echo, greet");
    refused(section(greet().put("service", new JsonObject().put("adress", "x"))),
        "udp.listeners[0].service: {\"adress\":\"x\"} is not one of echo, greet, {\"address\": \"...\"} or {\"forward\": \"host:port\"}");
    refused(section(greet().put("service", new JsonObject().put("address", " "))),
        "udp.listeners[0].service.address: expected a bus address (a non-empty string), found \" \"");
    refused(section(greet().put("maxDatagram", 70000)), "udp.listeners[0].maxDatagram: 70000 is larger than");
    refused(section(greet().put("maxDatagram", 0)), "udp.listeners[0].maxDatagram: 0 must be greater than 0");
    refused(section(greet().put("framing", "line")), "udp.listeners[0].framing: unknown key");
    refused(section(greet().put("name", "a.b")), "udp.listeners[0].name");
    refused(section(greet().remove("port") == null ? greet() : greet().put("publish", "yes")), "udp.listeners[0].publish");
    refused(new JsonObject().put("listeners", new JsonArray().add(greet()).add(greet())),
        "udp.listeners[1].name: 'greet' is already the name of listeners[0]");
  }

  @Test
  void refusesBadMulticastSettings() {
    refused(section(greet().put("multicast", "10.0.0.1").put("interface", "lo")),
        "udp.listeners[0].multicast: '10.0.0.1' is not an IPv4 multicast group");
    refused(section(greet().put("multicast", "239.1.2.3")), "udp.listeners[0].interface: is required with multicast");
    refused(section(greet().put("multicast", "239.1.2.3").put("interface", "nosuch0")),
        "udp.listeners[0].interface: 'nosuch0' is not a network interface of this machine");
    refused(section(greet().put("interface", "lo")), "udp.listeners[0].interface: only means something with");
    UdpListenerConfig l = UdpConfig.from(section(greet().put("multicast", "239.1.2.3").put("interface", "lo")))
        .listeners().get(0);
    assertThat(l.host()).isEqualTo("0.0.0.0");
  }

  @Test
  void portInUseFailsTheDeploymentNamingThePortKey(Vertx vertx, VertxTestContext ctx) {
    DatagramSocket squatter = vertx.createDatagramSocket();
    squatter.listen(0, "127.0.0.1")
        .compose(s -> vertx.deployVerticle(new UdpVerticle(), new DeploymentOptions().setConfig(new JsonObject()
            .put("listeners", new JsonArray()
                .add(new JsonObject().put("name", "ok").put("port", 0).put("service", "echo"))
                .add(greet().put("port", s.localAddress().port()))))))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(ConfigException.class);
          assertThat(((ConfigException) err).key()).isEqualTo("udp.listeners[1].port");
          assertThat(err.getMessage()).contains("cannot bind udp 127.0.0.1:" + squatter.localAddress().port());
          ctx.completeNow();
        })));
  }
}
