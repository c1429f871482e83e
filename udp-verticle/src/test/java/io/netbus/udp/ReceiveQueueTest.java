package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * A listener's kernel receive queue is not tied to its 64 KiB read buffer: it holds more than the
 * 128 KiB that {@code setReceiveBufferSize(65536)} alone gives (about 157 datagrams of 64 bytes,
 * fewer than a default socket holds).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ReceiveQueueTest {

  /** What Linux grants for SO_RCVBUF 65536 (it doubles the value asked for). */
  static final int OLD_QUEUE = 2 * UdpListenerVerticle.READ_BUFFER;

  @Test
  void enlargesTheQueueOfASocketWithA64KibReadBuffer(Vertx vertx, VertxTestContext ctx) {
    DatagramSocket socket = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(false));
    int granted = ReceiveQueue.enlarge(socket, ReceiveQueue.BYTES);
    socket.listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> ctx.verify(() -> {
      assertThat(granted).isGreaterThan(OLD_QUEUE);
      assertThat(ReceiveQueue.size(socket)).isEqualTo(granted);
      socket.close();
      ctx.completeNow();
    })));
  }

  @Test
  void neverShrinksAQueue(Vertx vertx, VertxTestContext ctx) {
    DatagramSocket socket = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(false));
    int granted = ReceiveQueue.enlarge(socket, ReceiveQueue.BYTES);
    ctx.verify(() -> assertThat(ReceiveQueue.enlarge(socket, 4096)).isEqualTo(granted));
    socket.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void everyListenerGetsTheLargerQueue(Vertx vertx, VertxTestContext ctx) {
    UdpVerticle udp = new UdpVerticle();
    JsonObject config = new JsonObject().put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "echo").put("port", 0).put("service", "echo"))
        .add(new JsonObject().put("name", "quiet").put("port", 0).put("service", "echo").put("publish", false)));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config))
        .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
          assertThat(udp.listeners()).hasSize(2)
              .allSatisfy(l -> assertThat(l.receiveQueue()).isGreaterThan(OLD_QUEUE));
          ctx.completeNow();
        })));
  }
}
