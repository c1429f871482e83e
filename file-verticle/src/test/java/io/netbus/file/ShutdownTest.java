package io.netbus.file;

import static io.netbus.file.TestNode.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Closing Vert.x (SIGTERM) while a put is being received ends it without an ERROR. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownTest {

  @TempDir
  Path root;

  private final Logger rootLog = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    rootLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    rootLog.detachAppender(logged);
  }

  @Test
  void closingVertxDuringAPutLogsNoError() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestNode node = TestNode.start(vertx, root, TestNode.exchange("files"));
    try (Socket s = new Socket("127.0.0.1", node.port("files"))) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((new JsonObject().put("op", "put").put("name", "big.bin").put("size", 1L << 30).encode() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertThat(new JsonObject(in.readLine()).getBoolean("ok")).isTrue();
      CountDownLatch sending = new CountDownLatch(1);
      Thread sender = new Thread(() -> {
        byte[] chunk = new byte[256 * 1024];
        try {
          for (int i = 0; i < 4096; i++) { // at most the announced 1 GiB
            out.write(chunk);
            if (i == 64) {
              sending.countDown(); // 16 MiB in: the writer has work queued on the workers
            }
          }
        } catch (Exception closed) {
          sending.countDown();
        }
      }, "put-sender");
      sender.setDaemon(true);
      sender.start();
      assertThat(sending.await(20, TimeUnit.SECONDS)).isTrue();
      await(vertx.close());
      sender.join(10_000);
    }
    assertThat(logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())).isEmpty();
  }
}
