package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.file.FileVerticle;
import io.netbus.launcher.Main;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netbus get/put/ls} against a real exchange listener in this JVM. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class FileCommandsTest {

  @TempDir
  Path root;
  @TempDir
  Path local;

  String server;
  String readOnly;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject section = new JsonObject().put("root", root.toString()).put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "files").put("port", 0).put("mode", "exchange"))
        .add(new JsonObject().put("name", "ro").put("port", 0).put("mode", "exchange").put("readOnly", true)));
    FileVerticle verticle = new FileVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(section))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    server = "127.0.0.1:" + verticle.actualPorts().get("files");
    readOnly = "127.0.0.1:" + verticle.actualPorts().get("ro");
  }

  private int run(String... args) {
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private static String sha(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void putThenLsThenGetRoundTrips() throws Exception {
    byte[] data = new byte[2_500_000];
    new Random(1).nextBytes(data);
    Files.write(local.resolve("photo.jpg"), data);

    assertThat(run("put", server, local.resolve("photo.jpg").toString(), "album/photo.jpg")).isZero();
    assertThat(out.toString()).contains("-> " + server + "/album/photo.jpg").contains("2500000 bytes")
        .contains("MiB/s").contains("sha256 " + sha(data));
    assertThat(Files.readAllBytes(root.resolve("album/photo.jpg"))).isEqualTo(data);

    assertThat(run("ls", server)).isZero();
    assertThat(out.toString()).containsPattern("2500000 +\\S+ +album/photo.jpg");

    Path dir = Files.createDirectory(local.resolve("down"));
    assertThat(run("get", server, "album/photo.jpg", dir.toString())).isZero();
    assertThat(Files.readAllBytes(dir.resolve("photo.jpg"))).isEqualTo(data);
    assertThat(out.toString()).contains("sha256 " + sha(data));
    assertThat(dir.resolve("photo.jpg.netbus-part")).doesNotExist();
  }

  @Test
  void getResumesFromAPartialFile() throws Exception {
    byte[] data = new byte[1_000_000];
    new Random(2).nextBytes(data);
    Files.write(root.resolve("r.bin"), data);
    Files.write(local.resolve("r.bin.netbus-part"), java.util.Arrays.copyOf(data, 400_000));
    assertThat(run("get", "--resume", server, "r.bin", local.resolve("r.bin").toString())).isZero();
    assertThat(out.toString()).contains("resumed at byte 400000");
    assertThat(Files.readAllBytes(local.resolve("r.bin"))).isEqualTo(data);
  }

  @Test
  void failuresExitNonZeroAndLeaveNothingUnderTheFinalName() throws Exception {
    assertThat(run("get", server, "missing.txt", local.resolve("m.txt").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("'missing.txt' does not exist");
    try (Stream<Path> s = Files.list(local)) {
      assertThat(s).isEmpty();
    }

    Files.writeString(local.resolve("w.txt"), "data");
    assertThat(run("put", readOnly, local.resolve("w.txt").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("read-only");
    assertThat(root.resolve("w.txt")).doesNotExist();

    assertThat(run("put", server, local.resolve("w.txt").toString(), "../w.txt")).isEqualTo(1);
    assertThat(err.toString()).contains("'../w.txt' contains '..'");

    assertThat(run("put", server, local.resolve("nope").toString())).isEqualTo(1);
    assertThat(run("ls", "127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString()).contains("cannot connect to 127.0.0.1:1");
  }

  @Test
  void putRefusesToReplaceARemoteFileUnlessForced() throws Exception {
    Files.writeString(root.resolve("report.txt"), "300 MiB of last quarter");
    Files.writeString(local.resolve("report.txt"), "6 bytes");
    assertThat(run("put", server, local.resolve("report.txt").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("netbus put: " + server + "/report.txt already exists; --force replaces it");
    assertThat(Files.readString(root.resolve("report.txt"))).isEqualTo("300 MiB of last quarter");

    assertThat(run("put", "--force", server, local.resolve("report.txt").toString())).isZero();
    assertThat(Files.readString(root.resolve("report.txt"))).isEqualTo("6 bytes");
  }

  @Test
  void getNeverDiscardsAPartialDownloadUnlessForced() throws Exception {
    byte[] data = new byte[600_000];
    new Random(4).nextBytes(data);
    Files.write(root.resolve("big.bin"), data);
    Path partial = local.resolve("big.bin.netbus-part");
    Files.write(partial, java.util.Arrays.copyOf(data, 250_000));

    assertThat(run("get", server, "big.bin", local.resolve("big.bin").toString())).isEqualTo(1);
    assertThat(err.toString()).contains(partial + " holds 250000 bytes of an interrupted get; "
        + "--resume continues it, --force starts over");
    assertThat(partial).hasSize(250_000);
    assertThat(local.resolve("big.bin")).doesNotExist();

    assertThat(run("get", "--force", server, "big.bin", local.resolve("big.bin").toString())).isZero();
    assertThat(Files.readAllBytes(local.resolve("big.bin"))).isEqualTo(data);
    assertThat(out.toString()).doesNotContain("resumed");
    assertThat(partial).doesNotExist();
  }

  @Test
  void anInterruptedGetKeepsWhatArrivedAndSaysHowToResume(Vertx vertx) throws Exception {
    // a server that announces 1000 bytes, sends 400 and vanishes
    int port = vertx.createNetServer().connectHandler(socket -> socket.handler(request -> {
      socket.write("{\"ok\":true,\"name\":\"cut.bin\",\"size\":1000,\"offset\":0}\n");
      socket.write(io.vertx.core.buffer.Buffer.buffer(new byte[400]));
      socket.end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    Path dest = local.resolve("cut.bin");
    assertThat(run("get", "127.0.0.1:" + port, "cut.bin", dest.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("400 bytes kept in " + dest + ".netbus-part; "
        + "run the same command with --resume to continue");
    assertThat(local.resolve("cut.bin.netbus-part")).hasSize(400);
    assertThat(dest).doesNotExist();
  }

  @Test
  void getAndPutTakeHostPortSlashName() throws Exception {
    Files.writeString(local.resolve("a.txt"), "slash form");
    assertThat(run("put", server + "/docs/a.txt", local.resolve("a.txt").toString())).isZero();
    assertThat(Files.readString(root.resolve("docs/a.txt"))).isEqualTo("slash form");
    assertThat(run("get", server + "/docs/a.txt", local.resolve("b.txt").toString())).isZero();
    assertThat(Files.readString(local.resolve("b.txt"))).isEqualTo("slash form");
  }

  @Test
  void aUsageErrorIsOneLineAndAPointerToHelp() {
    assertThat(run("get", server)).isEqualTo(2);
    assertThat(err.toString().split("\\R")).containsExactly(
        "netbus get: missing REMOTE: the file to get (or HOST:PORT/REMOTE)", "try 'netbus get --help'");
    err.getBuffer().setLength(0);
    assertThat(run("put")).isEqualTo(2);
    assertThat(err.toString().split("\\R")).hasSize(2).endsWith("try 'netbus put --help'");
    assertThat(err.toString()).doesNotContain("Usage:");
  }

  @Test
  void aBadHostPortIsAUsageError() {
    assertThat(run("ls", "localhost")).isEqualTo(2);
    assertThat(err.toString()).contains("not HOST:PORT");
    assertThat(run("get", "localhost:99999", "x")).isEqualTo(2);
  }
}
