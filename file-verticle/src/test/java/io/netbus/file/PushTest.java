package io.netbus.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import io.netbus.contract.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PushTest {

  @TempDir
  Path root;
  @TempDir
  Path out;

  private final Logger pushLog = (Logger) LoggerFactory.getLogger(PushVerticle.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  /** Appenders {@link #whenLogged} added, removed after each test. */
  private final List<Appender<ILoggingEvent>> watchers = new ArrayList<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    pushLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    pushLog.detachAppender(logged);
    watchers.forEach(pushLog::detachAppender);
  }

  /** A client that reads the first bytes of the push, then stops reading (tiny receive window). */
  private static Socket stalledClient(int port) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.setSoTimeout(10_000);
    s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    assertThat(s.getInputStream().readNBytes(1024)).hasSize(1024);
    return s;
  }

  private static long drainToEof(Socket s) throws Exception {
    long n = 0;
    byte[] buf = new byte[65536];
    for (int r; (r = s.getInputStream().read(buf)) > 0; ) {
      n += r;
    }
    return n;
  }

  private List<String> lines(Level atLeast) {
    return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }

  private byte[] sample(int size) throws Exception {
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    Files.write(root.resolve("file.txt"), data);
    return data;
  }

  /** Seed 003's client: recv(1024) until EOF. */
  private static byte[] recvUntilEof(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        got.write(buf, 0, n);
      }
      return got.toByteArray();
    }
  }

  @Test
  void everyClientReceivesTheFileByteExactThenEof(Vertx vertx) throws Exception {
    byte[] data = sample(3 * 1024 * 1024 + 17);
    TestNode node = TestNode.start(vertx, root, TestNode.push("push", "file.txt"));
    for (int i = 0; i < 3; i++) {
      assertThat(recvUntilEof(node.port("push"))).isEqualTo(data);
    }
  }

  @Test
  void theSeedPythonClientReceivesTheFile(Vertx vertx) throws Exception {
    Assumptions.assumeTrue(hasCommand("python3"), "python3 not installed");
    byte[] data = sample(200_000);
    TestNode node = TestNode.start(vertx, root, TestNode.push("push", "file.txt"));
    String client = String.join("\n",
        "from socket import *",
        "s=socket()",
        "s.connect(('127.0.0.1'," + node.port("push") + "))",
        "f=open('" + out.resolve("file_bak.txt") + "','wb')",
        "while True:",
        "    data = s.recv(1024)",
        "    if not data:",
        "        break",
        "    f.write(data)",
        "f.close()",
        "s.close()", "");
    Process p = new ProcessBuilder("python3", "-c", client).redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readAllBytes(out.resolve("file_bak.txt"))).isEqualTo(data);
  }

  @Test
  void ncReceivesTheFile(Vertx vertx) throws Exception {
    Assumptions.assumeTrue(hasCommand("nc"), "nc not installed");
    byte[] data = sample(1_000_003);
    TestNode node = TestNode.start(vertx, root, TestNode.push("push", "file.txt"));
    Path f = out.resolve("f");
    Process p = new ProcessBuilder("nc", "-d", "127.0.0.1", String.valueOf(node.port("push")))
        .redirectOutput(f.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
  }

  @Test
  void stoppingAbortsRunningPushesCleanly(Vertx vertx) throws Exception {
    int size = 16 * 1024 * 1024;
    sample(size);
    TestNode node = TestNode.start(vertx, root, TestNode.push("push", "file.txt"));
    CountDownLatch aborted = whenLogged("aborted: the node is stopping");
    try (Socket client = stalledClient(node.port("push"))) {
      node.stop();
      // the client gets EOF (a clean close), short of the whole file
      assertThat(drainToEof(client) + 1024).isLessThan(size);
      // the push's own failure handler says so, once its sendfile has failed
      assertThat(aborted.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lines(Level.WARN)).isEmpty();
  }

  /** Counts down when the push listener logs a line containing {@code fragment}. */
  private CountDownLatch whenLogged(String fragment) {
    CountDownLatch seen = new CountDownLatch(1);
    AppenderBase<ILoggingEvent> watch = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent e) {
        if (e.getFormattedMessage().contains(fragment)) {
          seen.countDown();
        }
      }
    };
    watch.start();
    pushLog.addAppender(watch);
    watchers.add(watch);
    return seen;
  }

  @Test
  void aClientLeavingEarlyIsNotAWarning(Vertx vertx) throws Exception {
    sample(16 * 1024 * 1024);
    TestNode node = TestNode.start(vertx, root, TestNode.push("push", "file.txt"));
    CountDownLatch reported = whenLogged("ended early");
    stalledClient(node.port("push")).close();
    // the push fails on its next write, and says so
    assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lines(Level.WARN)).isEmpty();
  }

  @Test
  void aMissingPushFileIsAConfigErrorNamingTheKey(Vertx vertx) {
    assertThatThrownBy(() -> TestNode.start(vertx, root, TestNode.exchange("files"), TestNode.push("push", "nope.txt")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file.listeners[1].file")
        .hasMessageContaining("nope.txt");
  }

  @Test
  void aPushFileOutsideTheRootIsAConfigError(Vertx vertx) {
    assertThatThrownBy(() -> TestNode.start(vertx, root, TestNode.push("push", "../etc/passwd")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("file.listeners[0].file")
        .hasMessageContaining("..");
  }

  static boolean hasCommand(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
