package io.netbus.tcp;

import io.netbus.tcp.api.TcpAddresses;
import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** netbus.tcp.request and netbus.scan against real listeners (deployed with an empty listener list too). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ClientVerticleTest {

  private Vertx vertx;
  private Map<String, Integer> ports;
  /** Peers kept in a field: Vert.x 5 closes servers and clients nobody references any more. */
  private NetServer peer;

  @BeforeEach
  void deployAll(Vertx vertx) throws Exception {
    this.vertx = vertx;
    ports = deploy(vertx, section(1,
        listener("upper", "upper", "raw"),
        listener("greet", "greet", "line"),
        listener("len", "echo", "length")));
  }

  private JsonObject request(JsonObject body) throws Exception {
    Message<JsonObject> reply = await(vertx.eventBus().request(TcpAddresses.REQUEST, body,
        new DeliveryOptions().setSendTimeout(10_000)));
    return reply.body();
  }

  private static ReplyException failure(ThrowingCall call) {
    try {
      call.run();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ReplyException.class);
      return (ReplyException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void requestReturnsOneRawReply() throws Exception {
    JsonObject reply = request(new JsonObject().put("host", "127.0.0.1").put("port", ports.get("upper"))
        .put("text", "Hello Huangpingyi"));
    assertThat(reply.getString("text")).isEqualTo("HELLO HUANGPINGYI");
  }

  @Test
  void requestWithoutPayloadReturnsTheFirstFrame() throws Exception {
    JsonObject reply = request(new JsonObject().put("host", "127.0.0.1").put("port", ports.get("greet"))
        .put("framing", "line"));
    assertThat(reply.getString("text")).isEqualTo("Welcome!");
  }

  @Test
  void requestInLengthFramingIsBinarySafe() throws Exception {
    String data = Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0, '\n'});
    JsonObject reply = request(new JsonObject().put("host", "localhost").put("port", ports.get("len"))
        .put("framing", "length").put("data", data));
    assertThat(reply.getString("data")).isEqualTo(data);
  }

  @Test
  void refusedConnectionsFailClearly() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      free = s.getLocalPort();
    }
    int port = free;
    ReplyException e = failure(() -> request(new JsonObject().put("host", "127.0.0.1").put("port", port)
        .put("text", "x")));
    assertThat(e.failureCode()).isEqualTo(TcpAddresses.CONNECT_FAILED);
    assertThat(e.getMessage()).isEqualTo("cannot connect to 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void silentPeersTimeOut() throws Exception {
    peer = await(vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1"));
    ReplyException e = failure(() -> request(new JsonObject().put("host", "127.0.0.1")
        .put("port", peer.actualPort()).put("text", "anyone?").put("timeoutMs", 300)));
    assertThat(e.failureCode()).isEqualTo(TcpAddresses.TIMED_OUT);
    assertThat(e.getMessage()).contains("no reply from 127.0.0.1:" + peer.actualPort() + " within 300 ms");
  }

  @Test
  void peersClosingEarlyFailClearly() throws Exception {
    peer = await(vertx.createNetServer().connectHandler(s -> s.handler(b -> s.write("partial").onComplete(
        v -> s.close()))).listen(0, "127.0.0.1"));
    ReplyException e = failure(() -> request(new JsonObject().put("host", "127.0.0.1")
        .put("port", peer.actualPort()).put("text", "hi").put("framing", "line")));
    assertThat(e.failureCode()).isEqualTo(TcpAddresses.CLOSED_EARLY);
    assertThat(e.getMessage()).isEqualTo("127.0.0.1:" + peer.actualPort()
        + " closed the connection before a whole reply");
  }

  @Test
  void badRequestsAreRefused() {
    assertThat(failure(() -> request(new JsonObject().put("port", 1))).getMessage()).isEqualTo("'host' is required");
    assertThat(failure(() -> request(new JsonObject().put("host", "h").put("port", 70000))).getMessage())
        .isEqualTo("'port': 70000 is not a port (1-65535)");
    ReplyException e = failure(() -> request(new JsonObject().put("host", "h").put("port", 1).put("framing", "x")));
    assertThat(e.failureCode()).isEqualTo(TcpAddresses.BAD_REQUEST);
    assertThat(e.getMessage()).contains("'x' is not a framing");
    // wrong JSON types are named, not reported as a ClassCastException
    ReplyException type = failure(() -> request(new JsonObject().put("host", "h").put("port", "x")));
    assertThat(type.failureCode()).isEqualTo(TcpAddresses.BAD_REQUEST);
    assertThat(type.getMessage()).isEqualTo("'port' must be a whole number, not \"x\"");
    assertThat(failure(() -> request(new JsonObject().put("host", 5).put("port", 1))).getMessage())
        .isEqualTo("'host' must be a string, not 5");
    assertThat(failure(() -> request(new JsonObject().put("host", "h").put("port", 1).put("timeoutMs", 1.5)))
        .getMessage()).isEqualTo("'timeoutMs' must be a whole number, not 1.5");
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.SCAN,
        new JsonObject().put("host", "127.0.0.1").put("ports", "1").put("concurrency", "many"))))
        .cause().hasMessage("'concurrency' must be a whole number, not \"many\"");
  }

  @Test
  void scanFindsTheOpenPorts() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    int upper = ports.get("upper");
    int greet = ports.get("greet");
    String spec = upper + "," + closed + "," + Math.min(greet, closed) + "-" + Math.max(greet, closed);
    Message<JsonObject> reply = await(vertx.eventBus().request(TcpAddresses.SCAN,
        new JsonObject().put("host", "127.0.0.1").put("ports", spec).put("timeoutMs", 500).put("concurrency", 4)));
    JsonArray open = reply.body().getJsonArray("open");
    assertThat(open.getList()).contains(upper, greet).doesNotContain(closed);
    assertThat(open.getList()).isSorted();
  }

  @Test
  void scanOfAHostThatDoesNotResolveFails() {
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.SCAN,
        new JsonObject().put("host", "no-such-host.invalid").put("ports", "1-50").put("timeoutMs", 500))))
        .cause().isInstanceOf(ReplyException.class).hasMessageStartingWith("unknown host no-such-host.invalid")
        .extracting(e -> ((ReplyException) e).failureCode()).isEqualTo(TcpAddresses.CONNECT_FAILED);
  }

  @Test
  void scanRefusesBadPortLists() {
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.SCAN,
        new JsonObject().put("host", "127.0.0.1").put("ports", "80-20"))))
        .cause().isInstanceOf(ReplyException.class).hasMessageContaining("'80-20' is an empty range");
  }

  @Test
  void theClientSideIsDeployedWithoutListeners(Vertx other) throws Exception {
    assertThat(deploy(other, new JsonObject().put("listeners", new JsonArray()))).isEmpty();
    Message<JsonObject> reply = await(other.eventBus().request(TcpAddresses.REQUEST,
        new JsonObject().put("host", "127.0.0.1").put("port", ports.get("upper")).put("text", "x")));
    assertThat(reply.body().getString("text")).isEqualTo("X");
  }
}
