package io.netbus.tcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Canary for {@link TcpInternals}: an accepted Vert.x socket still exposes its Netty channel, a
 * client's FIN is reported while the socket stays open, a task queued with runLater runs, and
 * closeNow closes the connection. If a Vert.x upgrade breaks any of it, this fails saying which
 * (half-closing clients would lose their replies, and slow consumers would not be cut off).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class TcpInternalsTest {

  private static final String BROKEN = "Vert.x upgrade broke TcpInternals: ";

  private Socket client;

  @AfterEach
  void closeClient() throws Exception {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void halfCloseRunLaterAndCloseNowWorkOnAnAcceptedSocket(Vertx vertx, VertxTestContext ctx) throws Exception {
    Checkpoint halfClosed = ctx.checkpoint();
    Checkpoint ranLater = ctx.checkpoint();
    Checkpoint closed = ctx.checkpoint();
    NetServer server = vertx.createNetServer().connectHandler(socket -> ctx.verify(() -> {
      assertThat(TcpInternals.supported(socket))
          .as(BROKEN + "an accepted socket is a %s, not a NetSocketInternal", socket.getClass().getName()).isTrue();
      socket.handler(data -> { });
      socket.closeHandler(v -> closed.flag());
      boolean installed = TcpInternals.allowHalfClosure(socket, () -> {
        halfClosed.flag();
        TcpInternals.runLater(socket, vertx, () -> {
          ranLater.flag();
          TcpInternals.closeNow(socket);
        });
      });
      assertThat(installed).as(BROKEN + "cannot reach the channel of an accepted socket").isTrue();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    client = new Socket();
    client.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5_000);
    client.setSoTimeout(10_000);
    client.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
    client.shutdownOutput();
    InputStream in = client.getInputStream();
    int read = in.read();
    ctx.verify(() -> assertThat(read).as(BROKEN + "closeNow did not close the connection").isEqualTo(-1));
  }

  @Test
  void endInBandDeliversTheFinAfterTheDataAndShutdownOutputSendsOne(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Checkpoint endAfterData = ctx.checkpoint();
    NetServer server = vertx.createNetServer().connectHandler(socket -> ctx.verify(() -> {
      // paused, as the forwarder holds a client while it dials: data and FIN wait in order
      socket.pause();
      assertThat(TcpInternals.endInBand(socket)).as(BROKEN + "cannot reach the channel of an accepted socket")
          .isTrue();
      StringBuilder got = new StringBuilder();
      socket.handler(chunk -> {
        if (chunk.length() > 0) {
          got.append(chunk.toString(StandardCharsets.US_ASCII));
          return;
        }
        ctx.verify(() -> assertThat(got).as(BROKEN + "the FIN came before the data").hasToString("hi\n"));
        socket.write("bye\n").compose(v -> TcpInternals.shutdownOutput(socket)).onSuccess(v -> endAfterData.flag())
            .onFailure(ctx::failNow);
      });
      socket.closeHandler(v -> ctx.verify(() -> assertThat(got).as(BROKEN + "the FIN closed the socket").isNotEmpty()));
      vertx.setTimer(200, t -> socket.resume());
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    client = new Socket();
    client.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5_000);
    client.setSoTimeout(10_000);
    client.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
    client.shutdownOutput();
    String reply = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    ctx.verify(() -> assertThat(reply).as(BROKEN + "no reply after the client's FIN, or no FIN after it")
        .isEqualTo("bye\n"));
  }
}
