package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary for {@link BenchInternals}: fails loudly when a Vert.x upgrade hides the datagram socket's
 * Netty channel, which would silently shrink the UDP bench's receive queue back to what its 64 KiB
 * read buffer gives (128 KiB on Linux).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class BenchInternalsTest {

  @Test
  void enlargesTheReceiveQueueOfABenchSocket(Vertx vertx, VertxTestContext ctx) {
    DatagramSocket socket = vertx.createDatagramSocket(UdpBench.socketOptions());
    int granted = BenchInternals.enlargeReceiveQueue(socket, BenchInternals.RECEIVE_QUEUE_BYTES);
    socket.listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> ctx.verify(() -> {
      assertThat(granted).isGreaterThan(2 * UdpBench.READ_BUFFER);
      socket.close();
      ctx.completeNow();
    })));
  }
}
