package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files sent through an {@link Admission} TLS listener with {@link FileSends}, on BoringSSL and on
 * the JDK engine: several chunks and a last partial one, from an offset, arrive intact at a
 * verifying Vert.x client; and on
 * linux-x86_64 the engine is BoringSSL (the dependency shipped for it loads).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class FileSendsTest {

  @TempDir
  Path dir;

  NodeSecurity node;
  Path file;
  byte[] content;

  @BeforeEach
  void setUp() throws Exception {
    CertFiles.writeCa(dir, TestCerts.VALID);
    CertFiles.writeNode(dir, "node1", List.of("localhost", "127.0.0.1"), TestCerts.VALID);
    node = NodeSecurity.from(new JsonObject().put("tls", new JsonObject()
        .put("cert", "node1.crt").put("key", "node1.key").put("ca", "ca.crt")), dir);
    content = new byte[3 * FileSends.TLS_CHUNK + 12_345];
    new Random(7).nextBytes(content);
    file = dir.resolve("data.bin");
    Files.write(file, content);
  }

  @Test
  void aFileFromAnOffsetArrivesIntactOverTls(Vertx vertx, VertxTestContext testContext) {
    long offset = 1_000;
    serveAndFetch(vertx, testContext, true, socket -> FileSends.sendFile(socket, file, offset, content.length - offset),
        Arrays.copyOfRange(content, (int) offset, content.length));
  }

  @Test
  void aWholeFileAfterAWriteKeepsTheOrder(Vertx vertx, VertxTestContext testContext) {
    byte[] expected = new byte[6 + content.length];
    System.arraycopy("header".getBytes(), 0, expected, 0, 6);
    System.arraycopy(content, 0, expected, 6, content.length);
    serveAndFetch(vertx, testContext, false, socket -> {
      socket.write(Buffer.buffer("header"));
      return FileSends.sendFile(socket, file);
    }, expected);
  }

  @Test
  void boringSslIsTheEngineOnLinuxX8664() {
    boolean linuxX64 = System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64");
    assertThat(TlsEngine.openSsl()).isEqualTo(linuxX64 && !Boolean.getBoolean("io.netty.handler.ssl.noOpenSsl"));
    assertThat(TlsEngine.name()).startsWith(TlsEngine.openSsl() ? "OpenSSL" : "JDK");
  }

  private void serveAndFetch(Vertx vertx, VertxTestContext testContext, boolean fastEngine,
      java.util.function.Function<NetSocket, io.vertx.core.Future<Void>> send, byte[] expected) {
    ListenerSecurity listener = ListenerSecurity.of(true, "none", null, null, null, false);
    Admission admission = new Admission("test", listener, node, null, fastEngine);
    NetServer server = vertx.createNetServer().connectHandler(socket -> admission.admit(socket,
        admitted -> send.apply(admitted).onComplete(testContext.succeeding(v -> admitted.close()))));
    NetClient client = vertx.createNetClient(TlsOptionsFactory.client(TlsSection.client("ca.crt", null, null, dir)));
    Buffer received = Buffer.buffer();
    admission.prepare(vertx)
        .compose(v -> server.listen(0, "127.0.0.1"))
        .compose(s -> client.connect(s.actualPort(), "127.0.0.1"))
        .onComplete(testContext.succeeding(socket -> {
          assertThat(socket.isSsl()).isTrue();
          socket.handler(received::appendBuffer).closeHandler(v -> testContext.verify(() -> {
            assertThat(received.length()).isEqualTo(expected.length);
            assertThat(received.getBytes()).isEqualTo(expected);
            testContext.completeNow();
          }));
        }));
  }
}
