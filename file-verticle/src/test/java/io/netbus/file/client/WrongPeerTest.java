package io.netbus.file.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.FileProtocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file client against peers that speak another protocol (the default config's greet, upper
 * and chat services, in miniature): named as not an exchange listener, with what they sent, well
 * within the answer timeout; nothing written locally.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class WrongPeerTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private FileClient client;
  private NetServer server;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    client = new FileClient(vertx);
  }

  private int serve(Consumer<NetSocket> peer) throws Exception {
    server = vertx.createNetServer().connectHandler(peer::accept);
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private void assertWrongPeer(VertxTestContext ctx, Future<?> op, int port, String what) {
    long t0 = System.nanoTime();
    op.onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(FileError.class)
          .hasMessage("127.0.0.1:" + port + " is not a netbus exchange listener (" + what + ")");
      assertThat(((FileError) err).code()).isEqualTo(FileProtocol.CONNECTION);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(FileClient.ANSWER_TIMEOUT_MS + 2000);
      ctx.completeNow();
    })));
  }

  @Test
  void aGreetingServerIsNamedWithItsWelcome(VertxTestContext ctx) throws Exception {
    // greet: "Welcome!" without a newline on connect, then waits for messages
    int port = serve(s -> {
      s.write("Welcome!");
      s.handler(b -> { });
    });
    assertWrongPeer(ctx, client.list("127.0.0.1", port, ""), port,
        "it sent \"Welcome!\" and then nothing within 3 s");
  }

  @Test
  void anUpperCasingServerIsNotTakenForARefusal(VertxTestContext ctx) throws Exception {
    int port = serve(s -> s.handler(b -> s.write(Buffer.buffer(b.toString().toUpperCase(Locale.ROOT)))));
    assertWrongPeer(ctx, client.list("127.0.0.1", port, ""), port, "it sent \"{\"OP\":\"LIST\"}\"");
  }

  @Test
  void aServerThatClosesAtOnceIsNamed(VertxTestContext ctx) throws Exception {
    int port = serve(NetSocket::close);
    Path partial = dir.resolve("x.netbus-part");
    assertWrongPeer(ctx, client.download("127.0.0.1", port, "x", partial, false, (p, s) -> { }), port,
        "it closed the connection without a word");
  }
}
