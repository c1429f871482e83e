package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary for {@link UdpInternals}: if a Vert.x upgrade moves the Netty channel out of the datagram
 * socket's {@code channel} field, this fails saying so (listeners would silently keep a 128 KiB
 * receive queue and lose datagrams in bursts).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UdpInternalsTest {

  @Test
  void reachesTheNettyChannelOfADatagramSocket(Vertx vertx, VertxTestContext ctx) {
    DatagramSocket socket = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(false));
    Channel channel = null;
    try {
      channel = UdpInternals.channel(socket);
    } catch (ReflectiveOperationException | RuntimeException e) {
      fail("Vert.x upgrade broke UdpInternals: " + socket.getClass().getName() + " has no readable '"
          + UdpInternals.CHANNEL_FIELD + "' field holding its Netty channel (" + e + "); SO_RCVBUF can no"
          + " longer be set apart from the read buffer, see ReceiveQueue", e);
    }
    Channel reached = channel;
    ctx.verify(() -> {
      assertThat(reached).as("Vert.x upgrade broke UdpInternals: the '%s' field of %s is null",
          UdpInternals.CHANNEL_FIELD, socket.getClass().getName()).isNotNull();
      assertThat(reached.config().getOption(ChannelOption.SO_RCVBUF))
          .as("Vert.x upgrade broke UdpInternals: the reached channel has no SO_RCVBUF").isPositive();
    });
    socket.close().onComplete(ctx.succeedingThenComplete());
  }
}
