package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.file.FileVerticle;
import io.netbus.launcher.Main;
import io.netbus.security.AuthSection;
import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsSection;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code netbus get/put/ls} with {@code --tls --ca --cert --key --token} against exchange
 * listeners serving TLS with an {@code auth} section: rights rw, ro and none, unknown tokens, a
 * client named by its certificate, a server certificate from another CA, client certificates
 * required.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class SecureFileCommandsTest {

  static final String RW = "token-of-alice";
  static final String RO = "token-of-carol";
  static final String NONE = "token-of-dave";

  @TempDir
  Path root;
  @TempDir
  Path certs;
  @TempDir
  Path local;

  String server;
  String mutual;
  String ca;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Certs.Validity validity = Certs.Validity.from(Duration.ofDays(1));
    CertFiles.writeCa(certs, validity);
    CertFiles.writeNode(certs, "node1", List.of("localhost", "127.0.0.1"), validity);
    CertFiles.writeClient(certs, "backup", validity);
    CertFiles.writeClient(certs, "stranger", validity);
    ca = certs.resolve("ca.crt").toString();
    TlsSection tls = TlsSection.from(new JsonObject().put("cert", "node1.crt").put("key", "node1.key").put("ca", "ca.crt"), certs);
    AuthSection auth = AuthSection.from(new JsonObject().put("clients", new JsonArray()
        .add(new JsonObject().put("name", "alice").put("tokenSha256", sha(RW.getBytes(StandardCharsets.UTF_8))).put("files", "rw"))
        .add(new JsonObject().put("name", "carol").put("tokenSha256", sha(RO.getBytes(StandardCharsets.UTF_8))).put("files", "ro"))
        .add(new JsonObject().put("name", "dave").put("tokenSha256", sha(NONE.getBytes(StandardCharsets.UTF_8))))
        .add(new JsonObject().put("name", "backup").put("cn", "backup").put("files", "ro"))));
    JsonObject section = new JsonObject().put("root", root.toString()).put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "files").put("port", 0).put("mode", "exchange").put("tls", true)
            .put("clientAuth", "request"))
        .add(new JsonObject().put("name", "mutual").put("port", 0).put("mode", "exchange").put("tls", true)));
    FileVerticle verticle = new FileVerticle(new NodeSecurity(Optional.of(tls), Optional.of(auth)));
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(section))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    server = "localhost:" + verticle.actualPorts().get("files");
    mutual = "localhost:" + verticle.actualPorts().get("mutual");
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
  void readWriteTokenPutsListsAndGetsOverTls() throws Exception {
    byte[] data = new byte[3_000_000];
    new Random(1).nextBytes(data);
    Files.write(local.resolve("big.bin"), data);
    assertThat(run("put", "--ca", ca, "--token", RW, server, local.resolve("big.bin").toString())).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(root.resolve("big.bin"))).isEqualTo(data);
    assertThat(run("ls", "--ca", ca, "--token", RW, server)).as(err.toString()).isZero();
    assertThat(out.toString()).containsPattern("3000000 +\\S+ +big.bin");
    Path down = local.resolve("down.bin");
    assertThat(run("get", "--ca", ca, "--token", RW, server, "big.bin", down.toString())).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(down)).isEqualTo(data);
    assertThat(out.toString()).contains("sha256 " + sha(data));
  }

  @Test
  void readOnlyTokenGetsButCannotPut() throws Exception {
    Files.writeString(root.resolve("r.txt"), "readable");
    assertThat(run("get", "--ca", ca, "--token", RO, server, "r.txt", local.resolve("r.txt").toString())).isZero();
    assertThat(Files.readString(local.resolve("r.txt"))).isEqualTo("readable");
    Files.writeString(local.resolve("w.txt"), "data");
    assertThat(run("put", "--ca", ca, "--token", RO, server, local.resolve("w.txt").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("client 'carol' may only read (files: ro)");
    assertThat(root.resolve("w.txt")).doesNotExist();
  }

  @Test
  void noRightsUnknownOrMissingTokenAreUnauthorized() {
    assertThat(run("ls", "--ca", ca, "--token", NONE, server)).isEqualTo(1);
    assertThat(err.toString()).contains("client 'dave' has no file rights (files: none)");
    assertThat(run("ls", "--ca", ca, "--token", "guessed", server)).isEqualTo(1);
    assertThat(err.toString()).contains("unknown token");
    assertThat(run("ls", "--ca", ca, server)).isEqualTo(1);
    assertThat(err.toString()).contains("needs a token");
  }

  @Test
  void clientCertificateCnNamesTheClient() throws Exception {
    Files.writeString(root.resolve("r.txt"), "readable");
    assertThat(run("ls", "--ca", ca, "--cert", certs.resolve("backup.crt").toString(),
        "--key", certs.resolve("backup.key").toString(), server)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("r.txt");
    assertThat(run("ls", "--ca", ca, "--cert", certs.resolve("stranger.crt").toString(),
        "--key", certs.resolve("stranger.key").toString(), server)).isEqualTo(1);
    assertThat(err.toString()).contains("no client named by certificate CN 'stranger'");
  }

  @Test
  void serverCertificateFromAnotherCaIsRefusedInOneLine() throws Exception {
    Path other = Files.createDirectory(local.resolve("other"));
    CertFiles.writeCa(other, Certs.Validity.from(Duration.ofDays(1)));
    assertThat(run("ls", "--ca", other.resolve("ca.crt").toString(), "--token", RW, server)).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("netbus ls: TLS to " + server + " failed: the server's certificate does not verify")
        .doesNotContain("\n");
  }

  @Test
  void requiredClientCertificateRefusesATokenOnlyClient() throws Exception {
    assertThat(run("ls", "--ca", ca, "--token", RW, mutual)).isEqualTo(1);
    assertThat(run("ls", "--ca", ca, "--cert", certs.resolve("backup.crt").toString(),
        "--key", certs.resolve("backup.key").toString(), mutual)).as(err.toString()).isZero();
  }
}
