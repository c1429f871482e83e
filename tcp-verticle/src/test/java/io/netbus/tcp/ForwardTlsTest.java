package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsSection;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.forward.Forwarder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both legs of a forward: a {@code "tls": true} forward listener terminates TLS for
 * {@code openssl s_client} in front of a plaintext target; {@code {"forward": {"tls": true}}}
 * originates TLS to {@code openssl s_server} and verifies its certificate against the node's
 * {@code tls.ca} and the host dialed; a certificate from another CA, or one for another name, is
 * refused with a {@code forward-failed} event saying so. Certificates are made by {@link Certs},
 * as {@code netbus certs} makes them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ForwardTlsTest {

  private io.vertx.core.net.NetClient tlsClient;

  private static final int IO_TIMEOUT_MS = 20_000;
  /** How long the late TLS target waits before it answers: long after the client's half-close. */
  private static final long REPLY_DELAY_MS = 300;
  private static final Certs.Validity VALID = Certs.Validity.from(Duration.ofDays(1));

  @TempDir
  Path dir;

  private NodeSecurity node;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void certificates() throws Exception {
    CertFiles.writeCa(dir, VALID);
    CertFiles.writeNode(dir, "node1", List.of("localhost", "127.0.0.1"), VALID);
    TlsSection tls = TlsSection.from(new JsonObject().put("cert", "node1.crt").put("key", "node1.key")
        .put("ca", "ca.crt"), dir);
    node = new NodeSecurity(Optional.of(tls), Optional.empty());
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private int deploy(Vertx vertx, JsonObject listener) throws Exception {
    TcpVerticle root = new TcpVerticle(node);
    await(vertx.deployVerticle(root, new DeploymentOptions().setConfig(section(1, listener))));
    return root.actualPorts().get(listener.getString("name"));
  }

  private static JsonObject forward(String name, JsonObject forward) {
    return new JsonObject().put("name", name).put("port", 0).put("service", new JsonObject().put("forward", forward));
  }

  private static ListenerStats stats(Vertx vertx, String name) {
    return NodeStats.of(vertx).listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aTlsListenerTerminatesTlsForOpensslAndForwardsPlainBytesUnchanged(Vertx vertx) throws Exception {
    Tools.assumeInstalled("openssl", "version");
    int n = 1024 * 1024;
    byte[] payload = new byte[n];
    new Random(7).nextBytes(payload);
    Path in = Files.write(dir.resolve("payload.bin"), payload);
    Path out = dir.resolve("received.bin");
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      target.setSoTimeout(IO_TIMEOUT_MS);
      // the target echoes exactly n bytes, then hangs up: the forwarder then closes the TLS client
      Future<Long> echoed = threads.submit(() -> echoThenClose(target, n));
      int port = deploy(vertx, forward("tlsfwd", new JsonObject().put("target", "127.0.0.1:" + target.getLocalPort()))
          .put("tls", true));
      Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile", "ca.crt",
          "-verify_return_error", "-verify_ip", "127.0.0.1", "-quiet", "-nocommands")
          .directory(dir.toFile()).redirectInput(in.toFile()).redirectOutput(out.toFile())
          .redirectError(dir.resolve("s_client.err").toFile()).start();
      try {
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("s_client ends when the target hangs up").isTrue();
      } finally {
        client.destroyForcibly();
      }
      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo(n);
      assertThat(Files.readString(dir.resolve("s_client.err"))).contains("verify return:1");
      assertThat(Files.readAllBytes(out)).as("what s_client received").isEqualTo(payload);
      ListenerStats stats = stats(vertx, "tlsfwd");
      assertThat(stats.tls()).isTrue();
      assertThat(stats.accepted()).isEqualTo(1);
      assertThat(stats.bytesInCount()).isEqualTo(n);
      assertThat(stats.bytesOutCount()).isEqualTo(n);
      assertThat(stats.forwardFailedCount()).isZero();
    }
  }

  private static long echoThenClose(ServerSocket target, int n) throws IOException {
    try (Socket s = target.accept()) {
      s.setSoTimeout(IO_TIMEOUT_MS);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[64 * 1024];
      long done = 0;
      while (done < n) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r < 0) {
          break;
        }
        out.write(buf, 0, r);
        done += r;
      }
      out.flush();
      return done;
    }
  }

  @Test
  void aTlsTargetIsVerifiedAgainstTheNodesCaAndServed(Vertx vertx) throws Exception {
    try (OpenSslServer server = OpenSslServer.start(dir, "node1")) {
      int port = deploy(vertx, forward("totls", new JsonObject().put("target", "127.0.0.1:" + server.port())
          .put("tls", true)));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(IO_TIMEOUT_MS);
        s.getOutputStream().write("hello netbus\n".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(s.getInputStream().readNBytes("subten olleh\n".length()), StandardCharsets.UTF_8))
            .isEqualTo("subten olleh\n");
      }
      assertThat(stats(vertx, "totls").forwardFailedCount()).isZero();
    }
  }

  @Test
  void aPlainClientsHalfCloseReachesATlsTargetAsCloseNotifyAndItsLateReplyStillArrives(Vertx vertx) throws Exception {
    // the target answers a line only after a while, then hangs up: the client's FIN must not close it before
    NetServer target = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(dir.resolve("node1.crt").toString())
            .setKeyPath(dir.resolve("node1.key").toString())))
        .connectHandler(s -> RecordParser.newDelimited("\n", s).handler(line -> vertx.setTimer(REPLY_DELAY_MS,
            t -> s.write(new StringBuilder(line.toString()).reverse() + "\n").compose(v -> s.close()))));
    int targetPort = await(target.listen()).actualPort();
    int port = deploy(vertx, forward("latetls", new JsonObject().put("target", "127.0.0.1:" + targetPort)
        .put("tls", true)));
    assertHalfClosedClientGetsReply(port);
    assertThat(stats(vertx, "latetls").forwardFailedCount()).isZero();
  }

  @Test
  void aPlainClientsHalfCloseThroughATlsTargetGetsOpensslsAnswer(Vertx vertx) throws Exception {
    // what `echo hello netbus | nc -N host port` does through a --tls-target forwarder
    try (OpenSslServer server = OpenSslServer.start(dir, "node1")) {
      int port = deploy(vertx, forward("nctls", new JsonObject().put("target", "127.0.0.1:" + server.port())
          .put("tls", true)));
      assertHalfClosedClientGetsReply(port);
    }
  }

  /** Writes a line, half-closes, and reads the reversed line up to the end the forwarder passes on. */
  private static void assertHalfClosedClientGetsReply(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(IO_TIMEOUT_MS);
      s.getOutputStream().write("hello netbus\n".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .as("the reply after the client's half-close, then the end of the stream when the target hung up")
          .isEqualTo("subten olleh\n");
    }
  }

  @Test
  void aTlsClientStillReachesItsPlainTargetAfterTheTargetHalfCloses(Vertx vertx) throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      target.setSoTimeout(IO_TIMEOUT_MS);
      Future<String> afterHalfClose = threads.submit(() -> answerThenHalfClose(target));
      int port = deploy(vertx, forward("fromtls", new JsonObject().put("target", "127.0.0.1:" + target.getLocalPort()))
          .put("tls", true));
      // held in a field: Vert.x 5 shuts down an unreferenced client when it is collected, even mid-handshake
      tlsClient = vertx.createNetClient();
      NetSocket client = await(tlsClient.connect(new ConnectOptions().setHost("127.0.0.1").setPort(port)
          .setSsl(true).setSslOptions(new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS")
              .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("ca.crt").toString())))));
      // the target's FIN reaches the client as a close_notify; the client then still writes, and closes
      StringBuilder received = new StringBuilder();
      client.handler(chunk -> {
        received.append(chunk);
        if (received.toString().equals("first\n")) {
          client.write("more\n").compose(v -> client.close());
        }
      });
      client.write("hello\n");
      assertThat(afterHalfClose.get(IO_TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .as("what the target read after its half-close, up to the client's close_notify").isEqualTo("more\n");
    }
  }

  /** Reads a line, answers {@code first}, half-closes, and returns everything read after that. */
  private static String answerThenHalfClose(ServerSocket target) throws IOException {
    try (Socket s = target.accept()) {
      s.setSoTimeout(IO_TIMEOUT_MS);
      InputStream in = s.getInputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the client's line ended early");
        }
      }
      s.getOutputStream().write("first\n".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aTargetWhoseCertificateAnotherCaSignedIsRefused(Vertx vertx) throws Exception {
    Path other = Files.createDirectory(dir.resolve("other"));
    CertFiles.writeCa(other, VALID);
    CertFiles.writeNode(other, "rogue", List.of("localhost", "127.0.0.1"), VALID);
    try (OpenSslServer server = OpenSslServer.start(other, "rogue")) {
      assertRefused(vertx, "127.0.0.1:" + server.port(), "wrongca");
    }
  }

  @Test
  void aTargetWhoseCertificateNamesAnotherHostIsRefused(Vertx vertx) throws Exception {
    CertFiles.writeNode(dir, "elsewhere", List.of("elsewhere.example"), VALID);
    try (OpenSslServer server = OpenSslServer.start(dir, "elsewhere")) {
      assertRefused(vertx, "127.0.0.1:" + server.port(), "wrongname");
    }
  }

  private void assertRefused(Vertx vertx, String target, String name) throws Exception {
    int port = deploy(vertx, forward(name, new JsonObject().put("target", target).put("tls", true)));
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    await(vertx.eventBus().<JsonObject>consumer(TcpAddresses.events(name), m -> events.add(m.body())).completion());
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(IO_TIMEOUT_MS);
      s.getOutputStream().write("secret\n".getBytes(StandardCharsets.UTF_8));
      assertThat(s.getInputStream().read()).as("the client is closed, nothing forwarded").isEqualTo(-1);
    }
    assertThat(events.poll(10, TimeUnit.SECONDS).getString(TcpAddresses.EVENT)).isEqualTo(TcpAddresses.OPEN_EVENT);
    JsonObject failed = events.poll(10, TimeUnit.SECONDS);
    assertThat(failed).isNotNull();
    assertThat(failed.getString(TcpAddresses.EVENT)).isEqualTo(Forwarder.FORWARD_FAILED_EVENT);
    assertThat(failed.getString(Forwarder.REASON)).contains("certificate was refused").contains(target);
    assertThat(stats(vertx, name).forwardFailedCount()).isEqualTo(1);
  }

  @Test
  void aTlsTargetWithoutTheNodesTlsSectionIsAConfigErrorNamingTheKey() {
    JsonObject tcp = section(1, new JsonObject().put("name", "ok").put("port", 0).put("service", "echo"),
        forward("f", new JsonObject().put("target", "127.0.0.1:443").put("tls", true)));
    assertThatThrownBy(() -> new TcpModule().validate(tcp, NodeSecurity.NONE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tcp.listeners[1].service.forward.tls")
        .hasMessageContaining("\"tls\" section");
    new TcpModule().validate(tcp, node); // with the section it is fine
  }
}
