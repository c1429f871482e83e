package io.netbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as a user runs it: {@code java -jar launcher/target/netbus.jar}, in a fresh
 * working directory, stopped by SIGTERM. Runs in the integration-test phase, after packaging.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherIT {

  static final Path JAR = Path.of("target", "netbus.jar").toAbsolutePath();

  @TempDir
  Path workDir;

  /** The user's data home ({@code XDG_DATA_HOME}) of every process the test starts. */
  @TempDir
  Path dataHome;

  private Process process;
  /** Extra environment variables for the next {@link #start}. */
  private final java.util.Map<String, String> env = new java.util.HashMap<>();
  private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
  /** Every stderr line, including those awaitLine consumed. */
  private final List<String> allStderr = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftovers() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    return TestPorts.freePort();
  }

  private void start(List<String> jvmArgs, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("XDG_DATA_HOME", dataHome.toString());
    builder.environment().putAll(env);
    process = builder.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          stderr.add(line);
          allStderr.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "netbus-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  private String awaitLine(String fragment, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = stderr.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.contains(fragment)) {
          return line;
        }
      }
    }
    throw new AssertionError("no line containing '" + fragment + "' within " + seconds + " s; saw " + seen);
  }

  @Test
  void defaultConfigStartsFromAnEmptyDirectoryServesAndStopsOnSigterm() throws Exception {
    // The embedded default config, with every port moved by system properties so the test never
    // collides with a netbus (or anything else) already on the default ports.
    int upper = freePort();
    int push = freePort();
    List<String> ports = new ArrayList<>();
    ports.add("-Dnetbus.tcp.listeners.0.port=" + upper);
    for (int i = 1; i < 4; i++) {
      ports.add("-Dnetbus.tcp.listeners." + i + ".port=0");
    }
    ports.addAll(List.of("-Dnetbus.udp.listeners.0.port=0", "-Dnetbus.file.listeners.0.port=" + push,
        "-Dnetbus.file.listeners.1.port=0", "-Dnetbus.bridge.port=0"));
    start(ports, "run");
    assertThat(awaitLine("tcp upper listening on 127.0.0.1:" + upper, 20)).isNotNull();
    awaitLine("netbus node up", 20);

    try (Socket socket = new Socket("127.0.0.1", upper)) {
      OutputStream out = socket.getOutputStream();
      out.write("Hello Huangpingyi".getBytes(StandardCharsets.UTF_8));
      out.flush();
      byte[] buf = new byte[1024];
      int n = socket.getInputStream().read(buf);
      assertThat(n).isPositive();
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("HELLO HUANGPINGYI");
    }
    // the built-in default seeds its root and sample push file in the user's data directory,
    // says where, and leaves the working directory alone
    Path root = dataHome.resolve("netbus").resolve("data");
    assertThat(awaitLine("data directory", 5)).endsWith("data directory (file.root): " + root);
    assertThat(root.resolve("file.txt")).isRegularFile();
    assertThat(workDir.resolve("data")).doesNotExist();
    try (Socket socket = new Socket("127.0.0.1", push)) {
      byte[] received = socket.getInputStream().readAllBytes();
      assertThat(received).isEqualTo(Files.readAllBytes(root.resolve("file.txt")));
    }

    long t0 = System.nanoTime();
    // SIGTERM through the handle: Process.destroy() would also close our end of stderr.
    assertThat(process.toHandle().destroy()).isTrue();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
    awaitLine("netbus node stopped", 2);
  }

  @Test
  void badConfigExitsTwoWithOneLine() throws Exception {
    Path conf = Files.writeString(workDir.resolve("bad.json"),
        "{\"tcp\": {\"listeners\": [{\"name\": \"a\", \"port\": 70000, \"service\": \"echo\"}]}}");
    start(List.of(), "run", "--conf", conf.toString());
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    String line = awaitLine("netbus:", 2);
    assertThat(line).isEqualTo("netbus: " + conf + ": tcp.listeners[0].port: 70000 is not a port (0-65535)");
    assertThat(stderr).as("nothing but the one line").isEmpty();
  }

  @Test
  void anOverrideThatNamesAnUnknownKeyIsBlamedOnTheVariable() throws Exception {
    Path conf = Files.writeString(workDir.resolve("node.json"),
        "{\"tcp\": {\"listeners\": [{\"name\": \"a\", \"port\": 0, \"service\": \"echo\"}]}}");
    // the launcher's and the clients' own variables are not config
    env.putAll(java.util.Map.of("NETBUS_TCP_LISTENRS_0_PORT", "1", "NETBUS_JAVA_OPTS", "-Xmx64m",
        "NETBUS_TOKEN", "secret"));
    start(List.of(), "run", "--conf", conf.toString());
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(awaitLine("netbus:", 2)).isEqualTo("netbus: override NETBUS_TCP_LISTENRS_0_PORT (environment): "
        + "tcp.listenrs: unknown key (known keys: instances, listeners, maxRequests, targets)");
  }

  @Test
  void usageErrorExitsTwo() throws Exception {
    start(List.of(), "frobnicate");
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
  }

  @Test
  void sigtermDuringPushAndPutStopsCleanlyWithoutErrors() throws Exception {
    Path data = Files.createDirectories(workDir.resolve("data"));
    Files.write(data.resolve("big.bin"), new byte[32 * 1024 * 1024]);
    int push = freePort();
    int files = freePort();
    Path conf = Files.writeString(workDir.resolve("files.json"), "{\"file\": {\"root\": \"data\", \"listeners\": ["
        + "{\"name\": \"push\", \"port\": " + push + ", \"mode\": \"push\", \"file\": \"big.bin\"},"
        + "{\"name\": \"files\", \"port\": " + files + ", \"mode\": \"exchange\"}]}}");
    start(List.of(), "run", "--conf", conf.toString());
    awaitLine("netbus node up", 20);

    // a push client that stops reading, and a put that is still sending, when SIGTERM comes
    try (Socket pushClient = new Socket(); Socket putClient = new Socket("127.0.0.1", files)) {
      pushClient.setReceiveBufferSize(4096);
      pushClient.connect(new java.net.InetSocketAddress("127.0.0.1", push));
      assertThat(pushClient.getInputStream().readNBytes(1024)).hasSize(1024);
      OutputStream out = putClient.getOutputStream();
      out.write("{\"op\":\"put\",\"name\":\"up.bin\",\"size\":1073741824}\n".getBytes(StandardCharsets.UTF_8));
      assertThat(new BufferedReader(new InputStreamReader(putClient.getInputStream(), StandardCharsets.UTF_8)).readLine())
          .contains("\"ok\":true");
      java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
      Thread sender = new Thread(() -> {
        byte[] chunk = new byte[256 * 1024];
        try {
          for (int i = 0; i < 4096; i++) {
            out.write(chunk);
            if (i == 32) {
              sending.countDown();
            }
          }
        } catch (IOException closed) {
          sending.countDown();
        }
      }, "put-sender");
      sender.setDaemon(true);
      sender.start();
      assertThat(sending.await(20, TimeUnit.SECONDS)).isTrue();

      assertThat(process.toHandle().destroy()).isTrue();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
      assertThat(process.exitValue()).isZero();
    }
    awaitLine("netbus node stopped", 2);
    assertThat(allStderr).as("a clean stop logs no ERROR and no stack trace")
        .noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR .*") || l.startsWith("\tat "));
  }
}
