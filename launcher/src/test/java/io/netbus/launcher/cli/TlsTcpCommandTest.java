package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsSection;
import io.netbus.tcp.TcpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netbus tcp --ca/--cert/--key} against TLS listeners: verified servers, refused ones, client certificates. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class TlsTcpCommandTest {

  @TempDir
  Path certs;

  private Map<String, Integer> ports;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    Certs.Validity validity = Certs.Validity.from(Duration.ofDays(1));
    CertFiles.writeCa(certs, validity);
    CertFiles.writeNode(certs, "node1", List.of("localhost", "127.0.0.1"), validity);
    CertFiles.writeClient(certs, "alice", validity);
    TlsSection tls = TlsSection.from(new JsonObject().put("cert", "node1.crt").put("key", "node1.key").put("ca", "ca.crt"), certs);
    JsonArray listeners = new JsonArray()
        .add(new JsonObject().put("name", "upper").put("port", 0).put("service", "upper").put("tls", true))
        .add(new JsonObject().put("name", "mutual").put("port", 0).put("service", "upper").put("tls", true)
            .put("clientAuth", "required"));
    TcpVerticle root = new TcpVerticle(new NodeSecurity(Optional.of(tls), Optional.empty()));
    vertx.deployVerticle(root, new DeploymentOptions().setConfig(new JsonObject().put("listeners", listeners)))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    ports = root.actualPorts();
  }

  private int run(ByteArrayOutputStream out, String... args) {
    TcpCommand cmd = new TcpCommand();
    cmd.in = new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8));
    cmd.out = out;
    return new CommandLine(cmd).setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(ExitCodes::onExecutionException).execute(args);
  }

  @Test
  void verifiedServerAnswersOverTls() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(out, "--wait", "1", "--ca", certs.resolve("ca.crt").toString(), "localhost",
        String.valueOf(ports.get("upper")))).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO\n");
  }

  @Test
  void serverOfAnotherCaIsRefusedInOneLine() throws Exception {
    Path other = Files.createDirectory(certs.resolve("other"));
    CertFiles.writeCa(other, Certs.Validity.from(Duration.ofDays(1)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(out, "--ca", other.resolve("ca.crt").toString(), "localhost", String.valueOf(ports.get("upper"))))
        .isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("netbus: TLS to localhost:" + ports.get("upper")
        + " failed: its certificate does not verify against --ca").doesNotContain("\n");
    assertThat(out.size()).isZero();
  }

  @Test
  void requiredClientCertificateIsShownWithCertAndKey() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run(out, "--wait", "1", "--ca", certs.resolve("ca.crt").toString(),
        "--cert", certs.resolve("alice.crt").toString(), "--key", certs.resolve("alice.key").toString(),
        "localhost", String.valueOf(ports.get("mutual")))).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO\n");
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    run(refused, "--wait", "1", "--ca", certs.resolve("ca.crt").toString(), "localhost",
        String.valueOf(ports.get("mutual")));
    assertThat(refused.toString(StandardCharsets.UTF_8)).doesNotContain("HELLO");
  }
}
