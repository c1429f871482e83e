package io.netbus.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code maxConnections} on file listeners: beyond it, clients are refused and nothing is held open. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ConnectionLimitTest {

  @TempDir
  Path root;

  private static String firstLine(Socket s) throws Exception {
    s.setSoTimeout(5_000);
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  @Test
  void anExchangeListenerAtItsLimitAnswersBusyAndServesAgainOnceAConnectionCloses(Vertx vertx) throws Exception {
    TestNode node = TestNode.start(vertx, root, TestNode.exchange("files").put("maxConnections", 1));
    int port = node.port("files");
    try (Socket holder = new Socket("127.0.0.1", port)) {
      holder.getOutputStream().write("{\"op\":".getBytes(StandardCharsets.UTF_8)); // a request, unfinished
      try (Socket refused = new Socket("127.0.0.1", port)) {
        JsonObject answer = new JsonObject(firstLine(refused));
        assertThat(answer.getBoolean("ok")).isFalse();
        assertThat(answer.getString("error")).isEqualTo("busy");
        assertThat(answer.getString("message")).contains("maxConnections 1");
        assertThat(refused.getInputStream().read()).as("then closed").isEqualTo(-1);
      }
    }
    // the holder is gone: within a bounded number of tries, the listener serves again.
    String answer = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write("{\"op\":\"list\"}\n".getBytes(StandardCharsets.UTF_8));
        answer = firstLine(s);
      }
      if (answer != null && new JsonObject(answer).getBoolean("ok")) {
        break;
      }
    }
    assertThat(new JsonObject(answer).getBoolean("ok")).as("served after the holder closed: %s", answer).isTrue();
  }

  @Test
  void aPushListenerAtItsLimitClosesWithoutSendingAByte(Vertx vertx) throws Exception {
    Files.write(root.resolve("big.bin"), new byte[32 * 1024 * 1024]);
    TestNode node = TestNode.start(vertx, root, TestNode.push("push", "big.bin").put("maxConnections", 1));
    int port = node.port("push");
    try (Socket reader = new Socket("127.0.0.1", port)) {
      reader.setSoTimeout(5_000);
      assertThat(reader.getInputStream().read()).as("the first client gets the file").isNotEqualTo(-1);
      // it stops reading: 32 MiB cannot all fit in the socket buffers, so its push is still running.
      try (Socket refused = new Socket("127.0.0.1", port)) {
        refused.setSoTimeout(5_000);
        try {
          assertThat(refused.getInputStream().read()).as("refused: EOF, no partial file").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
          throw new AssertionError("the second client was neither served nor refused", e);
        }
      }
    }
  }
}
