package io.netbus.tcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
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

  private static final int MIB = 1024 * 1024;

  private Socket client;
  private Vertx epoll;

  @AfterEach
  void closeClient() throws Exception {
    if (client != null) {
      client.close();
    }
    if (epoll != null) {
      epoll.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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

  /**
   * Netty 4.2.13+ epoll drops a channel from epoll once nothing is of interest (after the peer's
   * FIN, with nothing waiting to be written) and then fails the next write that has to wait,
   * shutting the output: without {@link TcpInternals#keepEpollRegistration} the client gets a few
   * MiB of the 16 and an early EOF.
   */
  @Test
  void aHalfClosedEpollSocketStillWritesMoreThanTheSocketBuffersHold(VertxTestContext ctx) throws Exception {
    epoll = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    Assumptions.assumeTrue(epoll.isNativeTransportEnabled(), "needs the epoll transport");
    long total = 16L * MIB;
    CompletableFuture<Void> stalled = new CompletableFuture<>();
    NetServer server = epoll.createNetServer().connectHandler(socket -> ctx.verify(() -> {
      assertThat(TcpInternals.endInBand(socket)).as(BROKEN + "cannot reach the channel of an accepted socket")
          .isTrue();
      socket.handler(chunk -> {
        if (chunk.length() == 0) {
          // let the transport settle after the FIN (reading interest dropped), then write past the buffers
          epoll.setTimer(100, t -> writeUntil(socket, total, stalled, Promise.promise()).future()
              .compose(v -> TcpInternals.shutdownOutput(socket)).onFailure(ctx::failNow));
        }
      });
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    client = new Socket();
    client.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5_000);
    client.setSoTimeout(10_000);
    client.shutdownOutput();
    // read only once the server's writes had to wait for the kernel: that is what used to fail
    stalled.get(10, TimeUnit.SECONDS);
    long got = 0;
    byte[] buf = new byte[64 * 1024];
    InputStream in = client.getInputStream();
    for (int r; (r = in.read(buf)) >= 0; ) {
      got += r;
    }
    long received = got;
    ctx.verify(() -> assertThat(received).as(BROKEN + "a half-closed epoll socket lost what it wrote after the FIN")
        .isEqualTo(total));
    ctx.completeNow();
  }

  /** Writes {@code left} bytes to {@code socket}, pausing on a full write queue (completing {@code stalled} then). */
  private static Promise<Void> writeUntil(NetSocket socket, long left, CompletableFuture<Void> stalled,
      Promise<Void> done) {
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    long remaining = left;
    while (remaining > 0 && !socket.writeQueueFull()) {
      int n = (int) Math.min(chunk.length(), remaining);
      socket.write(n == chunk.length() ? chunk : chunk.getBuffer(0, n));
      remaining -= n;
    }
    if (remaining == 0) {
      done.complete();
    } else {
      stalled.complete(null);
      long rest = remaining;
      socket.drainHandler(v -> writeUntil(socket, rest, stalled, done));
    }
    return done;
  }
}
