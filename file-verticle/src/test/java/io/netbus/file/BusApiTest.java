package io.netbus.file;

import static io.netbus.file.TestNode.await;
import static io.netbus.file.TestNode.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes (two Vert.x instances, two roots): node B's bus API moves files to and from node A. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class BusApiTest {

  @TempDir
  Path rootA;
  @TempDir
  Path rootB;

  Vertx vertxB;
  TestNode a;
  TestNode b;
  int portA;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    a = TestNode.start(vertx, rootA, TestNode.exchange("files"), TestNode.exchange("ro").put("readOnly", true));
    vertxB = Vertx.vertx();
    b = TestNode.start(vertxB, rootB, TestNode.exchange("files"));
    portA = a.port("files");
  }

  @AfterEach
  void stop() throws Exception {
    await(vertxB.close());
  }

  private static String sha(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private JsonObject request(String address, JsonObject body) throws Exception {
    return await(vertxB.eventBus().<JsonObject>request(address, body)).body();
  }

  @Test
  void fetchPullsARemoteFileIntoThisRootAndPublishesProgress() throws Exception {
    byte[] data = new byte[4 * 1024 * 1024];
    new Random(3).nextBytes(data);
    Files.write(rootA.resolve("big.bin"), data);
    List<JsonObject> progress = new CopyOnWriteArrayList<>();
    await(vertxB.eventBus().<JsonObject>consumer(FileAddresses.PROGRESS, m -> progress.add(m.body())).completion());

    JsonObject reply = request(FileAddresses.FETCH, new JsonObject().put("host", "127.0.0.1").put("port", portA)
        .put("name", "big.bin").put("local", "in/copy.bin").put("id", "t1"));
    assertThat(reply.getLong("size")).isEqualTo(data.length);
    assertThat(reply.getString("sha256")).isEqualTo(sha(data));
    assertThat(reply.getString("id")).isEqualTo("t1");
    assertThat(Files.readAllBytes(rootB.resolve("in/copy.bin"))).isEqualTo(data);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (progress.stream().noneMatch(p -> p.getBoolean("done")) && System.nanoTime() < deadline) {
      await(vertxB.timer(10));
    }
    assertThat(progress).isNotEmpty().allMatch(p -> p.getString("id").equals("t1") && p.getString("op").equals("fetch"));
    JsonObject last = progress.get(progress.size() - 1);
    assertThat(last.getBoolean("done")).isTrue();
    assertThat(last.getLong("bytes")).isEqualTo(data.length);
  }

  @Test
  void putPushesALocalFileToTheRemoteRootAndListShowsIt() throws Exception {
    Files.writeString(rootB.resolve("report.txt"), "quarterly numbers\n");
    JsonObject reply = request(FileAddresses.PUT, new JsonObject().put("port", portA).put("local", "report.txt")
        .put("name", "reports/q1.txt"));
    assertThat(reply.getString("sha256")).isEqualTo(sha("quarterly numbers\n".getBytes()));
    assertThat(Files.readString(rootA.resolve("reports/q1.txt"))).isEqualTo("quarterly numbers\n");

    JsonObject list = request(FileAddresses.LIST, new JsonObject().put("port", portA));
    assertThat(list.getJsonArray("files").getJsonObject(0).getString("name")).isEqualTo("reports/q1.txt");
    assertThat(list.getJsonArray("files").getJsonObject(0).getLong("size")).isEqualTo(18);
  }

  @Test
  void copyMovesAFileBetweenTwoOtherListeners() throws Exception {
    Files.writeString(rootA.resolve("src.txt"), "copied across");
    JsonObject reply = request(FileAddresses.COPY, new JsonObject()
        .put("from", new JsonObject().put("port", portA).put("name", "src.txt"))
        .put("to", new JsonObject().put("port", b.port("files")).put("name", "dst.txt")));
    assertThat(reply.getLong("size")).isEqualTo(13);
    assertThat(Files.readString(rootB.resolve("dst.txt"))).isEqualTo("copied across");
    try (var s = Files.list(rootB.resolve(".netbus-partial"))) {
      assertThat(s.count()).isZero();
    }
  }

  @Test
  void aTransferWithWaitFalseAnswersAtOnceAndItsVerdictIsTheLastProgressEvent() throws Exception {
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(5).nextBytes(data);
    Files.write(rootA.resolve("long.bin"), data);
    Promise<JsonObject> verdict = Promise.promise();
    await(vertxB.eventBus().<JsonObject>consumer(FileAddresses.PROGRESS, m -> {
      if ("c1".equals(m.body().getString("id")) && m.body().getBoolean("done")) {
        verdict.tryComplete(m.body());
      }
    }).completion());
    JsonObject accepted = request(FileAddresses.COPY, new JsonObject().put("wait", false).put("id", "c1")
        .put("from", new JsonObject().put("port", portA).put("name", "long.bin"))
        .put("to", new JsonObject().put("port", b.port("files")).put("name", "long-copy.bin")));
    assertThat(accepted.getBoolean("accepted")).isTrue();
    assertThat(accepted.getString("id")).isEqualTo("c1");
    assertThat(accepted.getString("progress")).isEqualTo(FileAddresses.PROGRESS);
    JsonObject done = await(verdict.future());
    assertThat(done.getString("sha256")).isEqualTo(sha(data));
    assertThat(done.containsKey("error")).isFalse();
    assertThat(Files.readAllBytes(rootB.resolve("long-copy.bin"))).isEqualTo(data);
  }

  @Test
  void aFailedTransferWithWaitFalseReportsErrorAndCodeInItsLastEvent() throws Exception {
    Promise<JsonObject> verdict = Promise.promise();
    await(vertxB.eventBus().<JsonObject>consumer(FileAddresses.PROGRESS, m -> {
      if (m.body().getBoolean("done")) {
        verdict.tryComplete(m.body());
      }
    }).completion());
    JsonObject accepted = request(FileAddresses.FETCH, new JsonObject().put("wait", false).put("port", portA)
        .put("name", "missing.bin"));
    assertThat(accepted.getString("id")).isNotBlank();
    JsonObject done = await(verdict.future());
    assertThat(done.getString("id")).isEqualTo(accepted.getString("id"));
    assertThat(done.getString("code")).isEqualTo("not_found");
    assertThat(done.getString("error")).contains("missing.bin");
  }

  @Test
  void putToAnExistingNameFailsWith409ExistsUnlessOverwrite() throws Exception {
    Files.writeString(rootA.resolve("same.txt"), "old");
    Files.writeString(rootB.resolve("same.txt"), "new");
    JsonObject body = new JsonObject().put("port", portA).put("local", "same.txt");
    ReplyException exists = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.PUT, body.copy()));
    assertThat(exists.failureCode()).isEqualTo(409);
    assertThat(exists.getMessage()).startsWith("exists: ");
    assertThat(Files.readString(rootA.resolve("same.txt"))).isEqualTo("old");
    request(FileAddresses.PUT, body.copy().put("overwrite", true));
    assertThat(Files.readString(rootA.resolve("same.txt"))).isEqualTo("new");
  }

  @Test
  void failuresCarryACodeAndAMessage() throws Exception {
    ReplyException missing = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.FETCH,
        new JsonObject().put("port", portA).put("name", "nope.txt")));
    assertThat(missing.failureCode()).isEqualTo(FileAddresses.NOT_FOUND);
    assertThat(missing.getMessage()).contains("nope.txt").contains("does not exist");

    ReplyException escape = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.FETCH,
        new JsonObject().put("port", portA).put("name", "x").put("local", "../x")));
    assertThat(escape.failureCode()).isEqualTo(FileAddresses.FORBIDDEN);
    assertThat(escape.getMessage()).contains("..");

    Files.writeString(rootB.resolve("w.txt"), "w");
    ReplyException readOnly = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.PUT,
        new JsonObject().put("port", a.port("ro")).put("local", "w.txt")));
    assertThat(readOnly.failureCode()).isEqualTo(FileAddresses.FORBIDDEN);
    assertThat(readOnly.getMessage()).contains("read-only");

    ReplyException noPort = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.LIST, new JsonObject()));
    assertThat(noPort.failureCode()).isEqualTo(FileAddresses.BAD_REQUEST);
    assertThat(noPort.getMessage()).contains("port");

    ReplyException refused = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.LIST,
        new JsonObject().put("port", 1)));
    assertThat(refused.failureCode()).isEqualTo(FileAddresses.UNREACHABLE);
    assertThat(rootB.resolve("x")).doesNotExist();
  }

  @Test
  void aPeerThatIsNotAnExchangeListenerIsNamedSoWithoutItsBytes() throws Exception {
    // a push listener (or any other service) answers with its own bytes: binary, or a text line
    byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, '\n'};
    int binaryPort = await(vertxB.createNetServer()
        .connectHandler(s -> s.end(io.vertx.core.buffer.Buffer.buffer(binary))).listen(0, "127.0.0.1")).actualPort();
    int textPort = await(vertxB.createNetServer()
        .connectHandler(s -> s.end(io.vertx.core.buffer.Buffer.buffer("SSH-2.0-OpenSSH_9.6\r\n"))).listen(0, "127.0.0.1"))
        .actualPort();

    ReplyException fromBinary = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.FETCH,
        new JsonObject().put("port", binaryPort).put("name", "file.txt")));
    assertThat(fromBinary.failureCode()).isEqualTo(FileAddresses.UNREACHABLE);
    assertThat(fromBinary.getMessage()).contains("127.0.0.1:" + binaryPort + " is not a netbus exchange listener")
        .contains("bytes that are not text")
        .doesNotContain("PNG");

    ReplyException fromText = (ReplyException) failure(vertxB.eventBus().request(FileAddresses.LIST,
        new JsonObject().put("port", textPort)));
    assertThat(fromText.failureCode()).isEqualTo(FileAddresses.UNREACHABLE);
    assertThat(fromText.getMessage()).contains("is not a netbus exchange listener (it sent \"SSH-2.0-OpenSSH_9.6\"");
    assertThat(rootB.resolve("file.txt")).doesNotExist();
  }
}
