package io.netbus.file;

import static io.netbus.file.TestNode.await;
import static io.netbus.file.TestNode.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.file.client.FileClient;
import io.netbus.file.client.TransferResult;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.FileProtocol;
import io.netbus.file.protocol.Names;
import io.netbus.file.protocol.Sha256;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ExchangeTest {

  @TempDir
  Path root;
  @TempDir
  Path local;
  @TempDir
  Path outside;

  TestNode node;
  FileClient client;
  int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = TestNode.start(vertx, root, TestNode.exchange("files"),
        TestNode.exchange("ro").put("readOnly", true),
        TestNode.exchange("small").put("maxFileSize", 1000));
    port = node.port("files");
    client = new FileClient(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static String sha(byte[] data) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
  }

  private Path partialDir() {
    return root.resolve(Names.PARTIAL_DIR);
  }

  private long partialCount() throws Exception {
    try (Stream<Path> s = Files.list(partialDir())) {
      return s.count();
    }
  }

  // ---------------------------------------------------------------- basics

  @Test
  void putThenGetThenList() throws Exception {
    byte[] data = random(5 * 1024 * 1024 + 3, 1);
    Files.write(local.resolve("a.bin"), data);
    TransferResult put = await(client.upload("127.0.0.1", port, local.resolve("a.bin"), "dir/sub/a.bin", false, (p, s) -> { }));
    assertThat(put.size()).isEqualTo(data.length);
    assertThat(put.sha256()).isEqualTo(sha(data));
    assertThat(Files.readAllBytes(root.resolve("dir/sub/a.bin"))).isEqualTo(data);
    assertThat(partialCount()).isZero();

    long[] last = {0};
    TransferResult get = await(client.download("127.0.0.1", port, "dir/sub/a.bin", local.resolve("b.part"), false,
        (p, s) -> last[0] = p));
    assertThat(get.sha256()).isEqualTo(sha(data));
    assertThat(last[0]).isEqualTo(data.length);
    assertThat(Files.readAllBytes(local.resolve("b.part"))).isEqualTo(data);

    Files.writeString(root.resolve("z.txt"), "hello");
    List<JsonObject> files = await(client.list("127.0.0.1", port, ""));
    assertThat(files).extracting(o -> o.getString("name")).containsExactly("dir/sub/a.bin", "z.txt");
    assertThat(files.get(1).getLong("size")).isEqualTo(5);
    assertThat(await(client.list("127.0.0.1", port, "dir"))).hasSize(1);
  }

  @Test
  void aLargeFileCrossesEveryBufferAndFlushBoundaryIntact() throws Exception {
    // more than HashingWriter.FLUSH_EVERY, an odd size: many 1 MiB reads, parallel hashing, periodic flushes
    byte[] data = random((72 << 20) + 12_345, 11);
    Files.write(local.resolve("big.bin"), data);
    TransferResult put = await(client.upload("127.0.0.1", port, local.resolve("big.bin"), "big.bin", false, (p, s) -> { }));
    assertThat(put.sha256()).isEqualTo(sha(data));
    assertThat(Files.readAllBytes(root.resolve("big.bin"))).isEqualTo(data);
    TransferResult get = await(client.download("127.0.0.1", port, "big.bin", local.resolve("big.part"), false, (p, s) -> { }));
    assertThat(get.sha256()).isEqualTo(sha(data));
    assertThat(Files.readAllBytes(local.resolve("big.part"))).isEqualTo(data);
  }

  @Test
  void emptyFilesMoveToo() throws Exception {
    Files.write(local.resolve("empty"), new byte[0]);
    TransferResult put = await(client.upload("127.0.0.1", port, local.resolve("empty"), "empty", false, (p, s) -> { }));
    assertThat(put.sha256()).isEqualTo(sha(new byte[0]));
    TransferResult get = await(client.download("127.0.0.1", port, "empty", local.resolve("e.part"), false, (p, s) -> { }));
    assertThat(get.size()).isZero();
    assertThat(Files.size(local.resolve("e.part"))).isZero();
  }

  @Test
  void aGetIntoAMissingLocalDirectorySaysSo() throws Exception {
    Files.writeString(root.resolve("a.txt"), "a");
    Path part = local.resolve("no/such/dir/a.part");
    Throwable err = failure(client.download("127.0.0.1", port, "a.txt", part, false, (p, s) -> { }));
    assertThat(err).hasMessageEndingWith(part + ": no such file or directory");
    assertThat(part).doesNotExist();
  }

  @Test
  void putWithOverwriteReplacesAnExistingFileAtomically() throws Exception {
    Files.writeString(root.resolve("x.txt"), "old");
    Files.writeString(local.resolve("x.txt"), "new contents");
    await(client.upload("127.0.0.1", port, local.resolve("x.txt"), "x.txt", false, true, (p, s) -> { }));
    assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("new contents");
  }

  @Test
  void putRefusesToReplaceAnExistingFileWithoutOverwrite() throws Exception {
    Files.writeString(root.resolve("x.txt"), "old");
    Files.writeString(local.resolve("x.txt"), "new contents");
    long[] progress = {-1};
    Throwable err = failure(client.upload("127.0.0.1", port, local.resolve("x.txt"), "x.txt", false,
        (p, s) -> progress[0] = p));
    assertThat(err).isInstanceOf(FileError.class).hasMessageContaining("'x.txt' already exists");
    assertThat(((FileError) err).code()).isEqualTo(FileProtocol.EXISTS);
    assertThat(progress[0]).as("refused before a byte was sent").isEqualTo(-1);
    assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("old");
    assertThat(partialCount()).isZero();
  }

  @Test
  void aPutWithoutOverwriteLosesToAFileCreatedWhileItRan() throws Exception {
    // the check at the start passes; the commit finds the name taken and replaces nothing
    byte[] data = random(3_000_000, 7);
    Files.write(local.resolve("late.bin"), data);
    Future<TransferResult> put = client.upload("127.0.0.1", port, local.resolve("late.bin"), "late.bin", false,
        (p, s) -> {
          if (p > 0 && !Files.exists(root.resolve("late.bin"))) {
            try {
              Files.writeString(root.resolve("late.bin"), "first");
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        });
    Throwable err = failure(put);
    assertThat(((FileError) err).code()).isEqualTo(FileProtocol.EXISTS);
    assertThat(Files.readString(root.resolve("late.bin"))).isEqualTo("first");
  }

  @Test
  void theWireRequestWithoutOverwriteIsRefusedWithExists() throws Exception {
    Files.writeString(root.resolve("w.txt"), "old");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("{\"op\":\"put\",\"name\":\"w.txt\",\"size\":3}\n".getBytes(StandardCharsets.UTF_8));
      String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
      JsonObject answer = new JsonObject(line);
      assertThat(answer.getBoolean("ok")).isFalse();
      assertThat(answer.getString("error")).isEqualTo("exists");
    }
  }

  @Test
  void manyTransfersAtOnce() throws Exception {
    List<Future<TransferResult>> all = new ArrayList<>();
    List<byte[]> datas = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] data = random(700_000 + i, 100 + i);
      datas.add(data);
      Files.write(root.resolve("g" + i), data);
      Files.write(local.resolve("p" + i), data);
    }
    for (int i = 0; i < 6; i++) {
      all.add(client.download("127.0.0.1", port, "g" + i, local.resolve("g" + i + ".part"), false, (p, s) -> { }));
      all.add(client.upload("127.0.0.1", port, local.resolve("p" + i), "p" + i, false, (p, s) -> { }));
    }
    await(Future.all(all));
    for (int i = 0; i < 6; i++) {
      assertThat(Files.readAllBytes(local.resolve("g" + i + ".part"))).isEqualTo(datas.get(i));
      assertThat(Files.readAllBytes(root.resolve("p" + i))).isEqualTo(datas.get(i));
    }
  }

  // ---------------------------------------------------------------- resume

  @Test
  void getResumesFromThePartialData() throws Exception {
    byte[] data = random(2_000_000, 7);
    Files.write(root.resolve("big"), data);
    Path part = local.resolve("big.part");
    Files.write(part, java.util.Arrays.copyOf(data, 1_234_567));
    TransferResult get = await(client.download("127.0.0.1", port, "big", part, true, (p, s) -> { }));
    assertThat(get.offset()).isEqualTo(1_234_567);
    assertThat(get.bytes()).isEqualTo(data.length - 1_234_567);
    assertThat(get.sha256()).isEqualTo(sha(data));
    assertThat(Files.readAllBytes(part)).isEqualTo(data);
  }

  @Test
  void getWithCorruptPartialDataFailsTheChecksumAndDeletesIt() throws Exception {
    byte[] data = random(100_000, 8);
    Files.write(root.resolve("f"), data);
    Path part = local.resolve("f.part");
    Files.write(part, random(5000, 9)); // not a prefix of the file
    Throwable err = failure(client.download("127.0.0.1", port, "f", part, true, (p, s) -> { }));
    assertThat(FileError.codeOf(err)).isEqualTo(FileProtocol.CHECKSUM);
    assertThat(part).doesNotExist();
  }

  @Test
  void aPutCutOffMidwayResumesWhereItStopped() throws Exception {
    byte[] data = random(3_000_000, 11);
    Files.write(local.resolve("r.bin"), data);
    try (Socket s = new Socket("127.0.0.1", port)) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write((new JsonObject().put("op", "put").put("name", "r.bin").put("size", data.length).encode() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      assertThat(new JsonObject(in.readLine()).getLong("offset")).isZero();
      out.write(data, 0, 1_000_000);
      out.flush();
    }
    awaitPartialOfSize("r.bin", 1_000_000);
    assertThat(root.resolve("r.bin")).doesNotExist();
    TransferResult put = await(client.upload("127.0.0.1", port, local.resolve("r.bin"), "r.bin", true, (p, s) -> { }));
    assertThat(put.offset()).isEqualTo(1_000_000);
    assertThat(put.bytes()).isEqualTo(2_000_000);
    assertThat(put.sha256()).isEqualTo(sha(data));
    assertThat(Files.readAllBytes(root.resolve("r.bin"))).isEqualTo(data);
    assertThat(partialCount()).isZero();
  }

  /** The server flushes what arrived before it saw the close; wait (bounded) for that. */
  private void awaitPartialOfSize(String name, long size) throws Exception {
    Path p = partialDir().resolve(Sha256.hex(name).substring(0, 40) + ".part");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(p) && Files.size(p) == size) && System.nanoTime() < deadline) {
      await(node.vertx.timer(20));
    }
    assertThat(p).exists().hasSize(size);
  }

  // ---------------------------------------------------------------- failures

  @Test
  void aClientKilledMidPutLeavesNothingUnderTheFinalName() throws Exception {
    Files.writeString(root.resolve("k.bin"), "previous version");
    try (Socket s = new Socket("127.0.0.1", port)) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write((new JsonObject().put("op", "put").put("name", "k.bin").put("size", 10_000_000).put("overwrite", true)
          .encode() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      in.readLine();
      out.write(random(300_000, 3));
      out.flush();
      s.setSoLinger(true, 0); // close with RST, like a killed process on a broken link
    }
    assertThat(Files.readString(root.resolve("k.bin"))).isEqualTo("previous version");
    // the name is free again for a new put once the server has seen the reset (bounded wait)
    Files.writeString(local.resolve("k.bin"), "next version");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Throwable err = null;
      try {
        await(client.upload("127.0.0.1", port, local.resolve("k.bin"), "k.bin", false, true, (p, s) -> { }));
      } catch (FileError e) {
        err = e;
      }
      if (err == null || !FileError.codeOf(err).equals(FileProtocol.BUSY) || System.nanoTime() > deadline) {
        assertThat(err).isNull();
        break;
      }
      await(node.vertx.timer(20));
    }
    assertThat(Files.readString(root.resolve("k.bin"))).isEqualTo("next version");
    assertThat(partialCount()).isZero();
  }

  @Test
  void twoPutsOfOneNameAtOnceTheSecondIsBusy() throws Exception {
    try (Socket first = new Socket("127.0.0.1", port)) {
      BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
      first.getOutputStream().write((new JsonObject().put("op", "put").put("name", "same.bin").put("size", 10).encode()
          + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(new JsonObject(in.readLine()).getBoolean("ok")).isTrue();
      JsonObject second = rawRequest(port, new JsonObject().put("op", "put").put("name", "same.bin").put("size", 10).encode());
      assertThat(second.getString("error")).isEqualTo("busy");
      // a get of another name is not held up meanwhile
      Files.writeString(root.resolve("other.txt"), "free");
      await(client.download("127.0.0.1", port, "other.txt", local.resolve("o.part"), false, (p, s) -> { }));
    }
  }

  @Test
  void aChecksumMismatchStoresNothing() throws Exception {
    byte[] data = random(500_000, 5);
    JsonObject verdict = rawPut("c.bin", data, "0".repeat(64));
    assertThat(verdict.getBoolean("ok")).isFalse();
    assertThat(verdict.getString("error")).isEqualTo("checksum");
    assertThat(verdict.getString("message")).contains("mismatch");
    assertThat(root.resolve("c.bin")).doesNotExist();
    assertThat(partialCount()).isZero();
    // the same bytes with the right checksum go through
    assertThat(rawPut("c.bin", data, sha(data)).getBoolean("ok")).isTrue();
    assertThat(Files.readAllBytes(root.resolve("c.bin"))).isEqualTo(data);
  }

  private JsonObject rawPut(String name, byte[] data, String sha) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write((new JsonObject().put("op", "put").put("name", name).put("size", data.length).encode() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      assertThat(new JsonObject(in.readLine()).getBoolean("ok")).isTrue();
      out.write(data);
      out.write(("{\"sha256\":\"" + sha + "\"}\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new JsonObject(in.readLine());
    }
  }

  private JsonObject rawRequest(int toPort, String line) throws Exception {
    try (Socket s = new Socket("127.0.0.1", toPort)) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      JsonObject answer = new JsonObject(in.readLine());
      return answer;
    }
  }

  @Test
  void aReadOnlyListenerServesButRefusesPuts() throws Exception {
    Files.writeString(root.resolve("r.txt"), "read me");
    Files.writeString(local.resolve("w.txt"), "write me");
    int ro = node.port("ro");
    Throwable err = failure(client.upload("127.0.0.1", ro, local.resolve("w.txt"), "w.txt", false, (p, s) -> { }));
    assertThat(FileError.codeOf(err)).isEqualTo(FileProtocol.READ_ONLY);
    assertThat(err).hasMessageContaining("read-only");
    assertThat(root.resolve("w.txt")).doesNotExist();
    await(client.download("127.0.0.1", ro, "r.txt", local.resolve("r.part"), false, (p, s) -> { }));
    assertThat(Files.readString(local.resolve("r.part"))).isEqualTo("read me");
  }

  @Test
  void maxFileSizeRefusesLargerPuts() throws Exception {
    Files.write(local.resolve("big"), new byte[1001]);
    Files.write(local.resolve("ok"), new byte[1000]);
    int small = node.port("small");
    Throwable err = failure(client.upload("127.0.0.1", small, local.resolve("big"), "big", false, (p, s) -> { }));
    assertThat(FileError.codeOf(err)).isEqualTo(FileProtocol.TOO_LARGE);
    assertThat(err).hasMessageContaining("at most 1000");
    assertThat(root.resolve("big")).doesNotExist();
    await(client.upload("127.0.0.1", small, local.resolve("ok"), "ok", false, (p, s) -> { }));
    assertThat(root.resolve("ok")).hasSize(1000);
  }

  @Test
  void missingFilesAndBadRequestsGetClearErrors() throws Exception {
    Throwable err = failure(client.download("127.0.0.1", port, "nope", local.resolve("n.part"), false, (p, s) -> { }));
    assertThat(FileError.codeOf(err)).isEqualTo(FileProtocol.NOT_FOUND);
    assertThat(err).hasMessageContaining("'nope' does not exist");
    assertThat(rawRequest(port, "not json").getString("error")).isEqualTo("bad_request");
    assertThat(rawRequest(port, "{\"op\":\"delete\",\"name\":\"x\"}").getString("error")).isEqualTo("bad_request");
    assertThat(rawRequest(port, "{\"op\":\"put\",\"name\":\"x\"}").getString("message")).contains("size");
    Files.writeString(root.resolve("five"), "12345");
    assertThat(rawRequest(port, "{\"op\":\"get\",\"name\":\"five\",\"offset\":6}").getString("error")).isEqualTo("bad_offset");
  }

  /** Every field is checked for type and null: each request gets an error line naming the field, never silence. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"op\":\"get\",\"name\":\"five\",\"offset\":null}|offset",
      "{\"op\":\"get\",\"name\":\"five\",\"offset\":\"3\"}|offset",
      "{\"op\":\"get\",\"name\":null}|name",
      "{\"op\":\"get\",\"name\":[1]}|name",
      "{\"op\":\"put\",\"name\":\"p\",\"size\":3,\"resume\":null}|resume",
      "{\"op\":\"put\",\"name\":\"p\",\"size\":3,\"resume\":\"yes\"}|resume",
      "{\"op\":\"put\",\"name\":\"p\",\"size\":null}|size",
      "{\"op\":\"put\",\"name\":\"p\",\"size\":1.5}|size",
      "{\"op\":\"list\",\"path\":null}|path",
      "{\"op\":\"list\",\"path\":{}}|path"})
  void nullsAndWrongTypesAreAnsweredNamingTheField(String lineAndField) throws Exception {
    String[] parts = lineAndField.split("\\|");
    Files.writeString(root.resolve("five"), "12345");
    JsonObject answer = rawRequest(port, parts[0]);
    assertThat(answer.getBoolean("ok")).isFalse();
    assertThat(answer.getString("error")).isEqualTo("bad_request");
    assertThat(answer.getString("message")).contains("'" + parts[1] + "'");
  }

  // ---------------------------------------------------------------- path confinement

  @ParameterizedTest
  @ValueSource(strings = {"../escape.txt", "a/../../escape.txt", "..", "/etc/passwd", "a\\..\\b", "a\u0000b", "C:/x",
      "a//b", "./a", ".netbus-partial/x.part", ""})
  void pathEscapesAreRefusedForGetAndPut(String name) throws Exception {
    JsonObject get = rawRequest(port, new JsonObject().put("op", "get").put("name", name).encode());
    assertThat(get.getString("error")).isEqualTo("bad_path");
    assertThat(get.getString("message")).isNotBlank();
    JsonObject put = rawRequest(port, new JsonObject().put("op", "put").put("name", name).put("size", 1).encode());
    assertThat(put.getString("error")).isEqualTo("bad_path");
    assertThat(outside.resolve("escape.txt")).doesNotExist();
  }

  @Test
  void symlinksLeadingOutsideTheRootAreRefused() throws Exception {
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("linkdir"), outside);
    Files.createSymbolicLink(root.resolve("linkfile"), outside.resolve("secret.txt"));
    Files.writeString(root.resolve("inside.txt"), "inside");
    Files.createSymbolicLink(root.resolve("goodlink"), root.resolve("inside.txt"));

    for (String name : List.of("linkdir/secret.txt", "linkfile")) {
      Throwable err = failure(client.download("127.0.0.1", port, name, local.resolve("s.part"), false, (p, s) -> { }));
      assertThat(FileError.codeOf(err)).isEqualTo(FileProtocol.BAD_PATH);
      assertThat(err).hasMessageContaining("outside the root");
    }
    Files.writeString(local.resolve("up"), "payload");
    for (String name : List.of("linkdir/new.txt", "linkdir/deeper/new.txt", "linkfile")) {
      Throwable err = failure(client.upload("127.0.0.1", port, local.resolve("up"), name, false, (p, s) -> { }));
      assertThat(FileError.codeOf(err)).isEqualTo(FileProtocol.BAD_PATH);
    }
    assertThat(outside.resolve("new.txt")).doesNotExist();
    assertThat(outside.resolve("deeper")).doesNotExist();
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    // a link that stays inside the root is fine; the listing skips links that leave it
    await(client.download("127.0.0.1", port, "goodlink", local.resolve("g.part"), false, (p, s) -> { }));
    assertThat(Files.readString(local.resolve("g.part"))).isEqualTo("inside");
    assertThat(await(client.list("127.0.0.1", port, ""))).extracting(o -> o.getString("name"))
        .containsExactly("goodlink", "inside.txt");
    JsonObject list = rawRequest(port, "{\"op\":\"list\",\"path\":\"linkdir\"}");
    assertThat(list.getString("error")).isEqualTo("bad_path");
  }

  // ---------------------------------------------------------------- restart

  @Test
  void partialUploadsAreRemovedWhenTheModuleStarts(Vertx vertx) throws Exception {
    Files.writeString(partialDir().resolve("0123.part"), "left by a crash");
    node.stop();
    TestNode again = TestNode.start(vertx, root, TestNode.exchange("files"));
    assertThat(partialCount()).isZero();
    again.stop();
  }
}
