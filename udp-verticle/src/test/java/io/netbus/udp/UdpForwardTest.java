package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * UDP forward listeners on real sockets: the test's target answers each datagram with the port it
 * came from, so a reply shows which session carried it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class UdpForwardTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Vertx vertx;
  private DatagramSocket target;
  private Thread targetThread;
  /** Source ports the target has seen: one per session. */
  private final Set<Integer> sessionPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void setUp(Vertx vertx) throws IOException {
    this.vertx = vertx;
    target = new DatagramSocket(0, LOOPBACK);
    targetThread = new Thread(this::answer, "udp-target");
    targetThread.setDaemon(true);
    targetThread.start();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    target.close();
    targetThread.join(5000);
  }

  /** The target: answers {@code <source port>|<payload>} to whoever sent each datagram. */
  private void answer() {
    byte[] buf = new byte[2048];
    while (!target.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        target.receive(p);
        sessionPorts.add(p.getPort());
        byte[] reply = (p.getPort() + "|" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
        target.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private UdpVerticle deploy(JsonObject forward) throws Exception {
    UdpVerticle udp = new UdpVerticle();
    JsonObject l = new JsonObject().put("name", "fwd").put("port", 0).put("service", new JsonObject().put("forward",
        forward));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(new JsonObject().put("listeners", new JsonArray()
        .add(l)))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return udp;
  }

  private static String exchange(DatagramSocket client, int port, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(b, b.length, LOOPBACK, port));
    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
    client.receive(reply);
    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
  }

  private static DatagramSocket client(int timeoutMs) throws IOException {
    DatagramSocket s = new DatagramSocket(0, LOOPBACK);
    s.setSoTimeout(timeoutMs);
    return s;
  }

  @Test
  void eachSenderHasItsOwnSessionAndGetsItsOwnReplies() throws Exception {
    int port = deploy(new JsonObject().put("target", "127.0.0.1:" + target.getLocalPort())).ports().get("fwd");
    try (DatagramSocket a = client(5000); DatagramSocket b = client(5000)) {
      String a1 = exchange(a, port, "a1");
      String b1 = exchange(b, port, "b1");
      String a2 = exchange(a, port, "a2");
      String sessionA = a1.substring(0, a1.indexOf('|'));
      String sessionB = b1.substring(0, b1.indexOf('|'));
      assertThat(a1).endsWith("|a1");
      assertThat(b1).endsWith("|b1");
      assertThat(a2).isEqualTo(sessionA + "|a2");
      assertThat(sessionA).isNotEqualTo(sessionB);
      assertThat(sessionPorts).hasSize(2)
          .doesNotContain(a.getLocalPort(), b.getLocalPort(), port);
    }
  }

  @Test
  void pastMaxSessionsNewSendersAreDroppedUntilAnIdleSessionEnds() throws Exception {
    UdpVerticle udp = deploy(new JsonObject().put("target", "127.0.0.1:" + target.getLocalPort())
        .put("maxSessions", 1).put("sessionTimeoutSeconds", 1));
    int port = udp.ports().get("fwd");
    try (DatagramSocket a = client(5000); DatagramSocket b = client(300)) {
      assertThat(exchange(a, port, "a1")).endsWith("|a1");
      assertThatThrownBy(() -> exchange(b, port, "b1")).isInstanceOf(SocketTimeoutException.class);
      assertThat(udp.listeners().get(0).forwarder().dropped()).isEqualTo(1);
      // a's session ends a second after its last datagram; then b gets one (retried, as UDP clients do)
      String reply = null;
      for (int i = 0; i < 30 && reply == null; i++) {
        try {
          reply = exchange(b, port, "b2");
        } catch (SocketTimeoutException e) {
          // a's session is still open
        }
      }
      assertThat(reply).endsWith("|b2");
      assertThat(sessionPorts).hasSize(2);
    }
  }

  @Test
  void aTargetThatDoesNotResolveFailsTheDeploymentNamingTheKey() {
    assertThatThrownBy(() -> deploy(new JsonObject().put("target", "no-such-host.invalid:53")))
        .cause().isInstanceOf(ConfigException.class)
        .hasMessage("udp.listeners[0].service.forward: 'no-such-host.invalid' does not resolve to an address");
  }

  @Test
  void badForwardValuesNameTheKey() {
    assertThatThrownBy(() -> UdpConfig.from(new JsonObject("""
        {"listeners": [{"name": "f", "port": 1, "service": {"forward": "unix:/tmp/x.sock"}}]}""")))
        .hasMessage("udp.listeners[0].service.forward: 'unix:/tmp/x.sock': a UDP listener forwards to host:port only");
    assertThatThrownBy(() -> UdpConfig.from(new JsonObject("""
        {"listeners": [{"name": "f", "port": 1, "service": {"forward": {"target": "h:1", "maxSessions": 0}}}]}""")))
        .hasMessage("udp.listeners[0].service.forward.maxSessions: 0 must be greater than 0");
    assertThatThrownBy(() -> UdpConfig.from(new JsonObject("""
        {"listeners": [{"name": "f", "port": 1, "service": {"forward": {"target": "h:1", "ttl": 3}}}]}""")))
        .hasMessage("udp.listeners[0].service.forward.ttl: unknown key (known keys: target, sessionTimeoutSeconds, "
            + "maxSessions)");
    assertThatThrownBy(() -> UdpConfig.from(new JsonObject("""
        {"listeners": [{"name": "f", "port": 5353, "service": {"forward": "localhost:5353"}}]}""")))
        .hasMessage("udp.listeners[0].service.forward: forwards to the listener itself (localhost:5353)");
  }
}
