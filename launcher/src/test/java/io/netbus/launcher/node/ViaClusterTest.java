package io.netbus.launcher.node;

import static io.netbus.launcher.node.ClusterTest.await;
import static io.netbus.launcher.node.ClusterTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.config.NodeConfig;
import io.netbus.tcp.forward.ViaProtocol;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code via} across a real two-node cluster on loopback: node "a" (this JVM) has a forward
 * listener whose target node "b" (a child JVM, {@code netbus run}) dials. Random bytes cross the
 * bus both ways unchanged, each half-close travels through, and a kill -9 of "b" mid-stream closes
 * both the client's and the target's connection.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class ViaClusterTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int IO_TIMEOUT_MS = 30_000;

  private final String cluster = "via-" + UUID.randomUUID().toString().substring(0, 8);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Node a;
  private ServerSocket target;

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    ChildNode.destroyAll();
    if (target != null) {
      target.close();
    }
    if (a != null) {
      try {
        await(a.releaseName());
      } finally {
        await(a.stop());
      }
    }
  }

  @Test
  void bytesCrossTheBusBothWaysWithHalfCloseAndAKilledDiallerClosesBothEnds() throws Exception {
    ClusterTest.quiet("com.hazelcast", "io.vertx.core.eventbus.impl.clustered", "io.vertx.core.net.impl.ConnectionBase");
    int portA = freePort();
    int portB = freePort();
    int listenPort = freePort();
    JsonArray members = new JsonArray(List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));
    target = new ServerSocket(0, 5, LOOPBACK);
    target.setSoTimeout(IO_TIMEOUT_MS);

    Path confB = Files.createTempFile("netbus-via-b", ".json");
    Files.writeString(confB, node("b", portB, members, new JsonArray()).encodePrettily());
    ChildNode b = ChildNode.start(confB, "via-b");
    JsonObject listener = new JsonObject().put("name", "via").put("host", "127.0.0.1").put("port", listenPort)
        .put("service", new JsonObject().put("forward", new JsonObject()
            .put("target", "127.0.0.1:" + target.getLocalPort()).put("via", "b")));
    NodeConfig configA = NodeConfig.validate(node("a", portA, members, new JsonArray().add(listener)), Modules.all());
    a = await(Node.start(NodeFactory.clustered(configA.cluster()), configA, Modules.all(), false));
    await(agentAnswers(a.vertx(), "b", 150));

    // 1. 8 MiB each way, each side half-closing after it wrote: both reads end only if each FIN crosses
    long n = 8L * 1024 * 1024;
    try (Socket client = new Socket(LOOPBACK, listenPort); Socket server = target.accept()) {
      client.setSoTimeout(IO_TIMEOUT_MS);
      server.setSoTimeout(IO_TIMEOUT_MS);
      var up = threads.submit(() -> writeRandom(client, 11, n));
      var down = threads.submit(() -> writeRandom(server, 12, n));
      var atServer = threads.submit(() -> readAll(server.getInputStream()));
      var atClient = threads.submit(() -> readAll(client.getInputStream()));
      assertThat(atServer.get(90, TimeUnit.SECONDS)).as("at the target").isEqualTo(n + " " + up.get(90, TimeUnit.SECONDS));
      assertThat(atClient.get(90, TimeUnit.SECONDS)).as("at the client").isEqualTo(n + " " + down.get(90, TimeUnit.SECONDS));
    }

    // 2. a stream in use when its dialling node dies (kill -9): both ends are closed
    try (Socket client = new Socket(LOOPBACK, listenPort)) {
      client.setSoTimeout(IO_TIMEOUT_MS);
      client.getOutputStream().write("hello b\n".getBytes(StandardCharsets.UTF_8));
      try (Socket server = target.accept()) {
        server.setSoTimeout(IO_TIMEOUT_MS);
        assertThat(readLine(server.getInputStream())).isEqualTo("hello b");
        server.getOutputStream().write("hello a\n".getBytes(StandardCharsets.UTF_8));
        assertThat(readLine(client.getInputStream())).isEqualTo("hello a");

        b.kill();
        long t0 = System.nanoTime();
        assertThat(readToEnd(server.getInputStream())).as("the target's connection closes").isEqualTo(-1);
        assertThat(readToEnd(client.getInputStream())).as("the client's connection closes").isEqualTo(-1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("ms from kill -9 to both closed")
            .isLessThan(20_000);
      }
    }
  }

  private JsonObject node(String name, int port, JsonArray members, JsonArray listeners) {
    return new JsonObject()
        .put("node", new JsonObject().put("name", name))
        .put("tcp", new JsonObject().put("listeners", listeners))
        .put("cluster", new JsonObject().put("enabled", true).put("host", "127.0.0.1").put("port", port)
            .put("members", members).put("name", cluster).put("heartbeatSeconds", 1)
            .put("maxNoHeartbeatSeconds", 3).put("mergeDelaySeconds", 5));
  }

  /**
   * Completes once node {@code name}'s via agent answers (an empty open is refused by it, not
   * unrouted); the child JVM takes seconds to join. Retries on a Vert.x timer, bounded.
   */
  private static Future<Void> agentAnswers(Vertx vertx, String name, int attempts) {
    return vertx.eventBus().request(ViaProtocol.open(name), new JsonObject()).<Void>mapEmpty().recover(err -> {
      if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return Future.succeededFuture();
      }
      if (attempts <= 1) {
        return Future.failedFuture(new AssertionError("node " + name + " never answered on " + ViaProtocol.open(name)));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(200, id -> later.complete());
      return later.future().compose(v -> agentAnswers(vertx, name, attempts - 1));
    });
  }

  /** Writes {@code n} seeded random bytes, half-closes; returns their SHA-256. */
  private static String writeRandom(Socket socket, long seed, long n) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(seed);
    byte[] chunk = new byte[64 * 1024];
    OutputStream out = socket.getOutputStream();
    for (long left = n; left > 0; ) {
      int len = (int) Math.min(chunk.length, left);
      random.nextBytes(chunk);
      sha.update(chunk, 0, len);
      out.write(chunk, 0, len);
      left -= len;
    }
    socket.shutdownOutput();
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Reads to EOF: "<bytes> <SHA-256>". */
  private static String readAll(InputStream in) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (int r; (r = in.read(buf)) >= 0; ) {
      sha.update(buf, 0, r);
      total += r;
    }
    return total + " " + HexFormat.of().formatHex(sha.digest());
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      line.append((char) c);
    }
    return line.toString();
  }

  /** Reads until EOF (-1), a reset counting as the end too (a killed process resets its sockets). */
  private static int readToEnd(InputStream in) throws IOException {
    try {
      while (in.read() >= 0) {
        // drain
      }
    } catch (SocketException e) {
      // connection reset: closed
    }
    return -1;
  }
}
