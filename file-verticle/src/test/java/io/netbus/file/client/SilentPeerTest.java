package io.netbus.file.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that accepts the connection and never answers (the wrong port: a chat or line service)
 * fails list, get and put after the answer timeout, with a message saying so, instead of
 * holding the user until the idle timeout.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class SilentPeerTest {

  @TempDir
  Path dir;

  private FileClient client;
  private NetServer silent;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    client = new FileClient(vertx, 2_000, 120, 300);
    vertx.createNetServer().connectHandler(socket -> socket.handler(data -> { })).listen(0, "127.0.0.1")
        .onComplete(ctx.succeeding(s -> {
          silent = s;
          ctx.completeNow();
        }));
  }

  private void assertNoAnswer(VertxTestContext ctx, Future<?> op, Runnable more) {
    long t0 = System.nanoTime();
    op.onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).hasMessage("127.0.0.1:" + silent.actualPort()
          + " is not a netbus exchange listener (it sent nothing within 300 ms)");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
      more.run();
      ctx.completeNow();
    })));
  }

  @Test
  void listGivesUp(VertxTestContext ctx) {
    assertNoAnswer(ctx, client.list("127.0.0.1", silent.actualPort(), ""), () -> { });
  }

  @Test
  void getGivesUpAndWritesNothing(VertxTestContext ctx) {
    Path partial = dir.resolve("a.bin.netbus-part");
    assertNoAnswer(ctx, client.download("127.0.0.1", silent.actualPort(), "a.bin", partial, false, (p, s) -> { }),
        () -> assertThat(partial).doesNotExist());
  }

  @Test
  void putGivesUp(VertxTestContext ctx) throws Exception {
    Path local = Files.writeString(dir.resolve("up.txt"), "hello\n");
    assertNoAnswer(ctx, client.upload("127.0.0.1", silent.actualPort(), local, "up.txt", false, (p, s) -> { }),
        () -> { });
  }

  @Test
  void putOfAMissingLocalFileSaysSo(VertxTestContext ctx) {
    client.upload("127.0.0.1", silent.actualPort(), dir.resolve("nope.bin"), "nope.bin", false, (p, s) -> { })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).hasMessageEndingWith("nope.bin: no such file or directory").hasMessageNotContaining("analyse");
          ctx.completeNow();
        })));
  }
}
