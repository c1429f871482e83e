package io.netbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netbus forward} as a user runs it: the built jar as a process, no config file, socat and
 * openssl as the clients and TLS target; stopped by SIGINT (Ctrl-C) or SIGTERM.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForwardCommandIT {

  private static final Pattern FORWARDING = Pattern.compile("^netbus: forwarding \\w+ (\\S+):(\\d+) -> .*");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
  private ServerSocket echo;

  @BeforeEach
  void certificatesAndAnEchoTarget() throws Exception {
    Certs.Validity valid = Certs.Validity.from(Duration.ofDays(1));
    CertFiles.writeCa(dir, valid);
    CertFiles.writeNode(dir, "node1", List.of("localhost", "127.0.0.1"), valid);
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::echoLoop);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    echo.close();
    threads.shutdownNow();
  }

  /** A plaintext echo target: each connection gets back what it sends, and a FIN after the client's. */
  private Void echoLoop() {
    while (!echo.isClosed()) {
      try {
        Socket s = echo.accept();
        threads.submit(() -> {
          try (s) {
            s.getInputStream().transferTo(s.getOutputStream());
          }
          return null;
        });
      } catch (IOException closed) {
        return null;
      }
    }
    return null;
  }

  /** Starts {@code netbus forward ARGS} and returns the port it listens on, from its first line. */
  private int forward(String... args) throws Exception {
    Process p = start(args);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    threads.submit(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          Matcher m = FORWARDING.matcher(line);
          if (m.matches()) {
            port.complete(Integer.parseInt(m.group(2)));
          }
        }
      }
      port.completeExceptionally(new AssertionError("netbus forward ended without listening: " + stderr));
      return null;
    });
    return port.get(30, TimeUnit.SECONDS);
  }

  private Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", LauncherIT.JAR.toString(), "forward"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
    processes.add(p);
    threads.submit(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = err.readLine(); line != null; line = err.readLine()) {
          stderr.add(line);
        }
      }
      return null;
    });
    return p;
  }

  private static void assumeInstalled(String tool, String... versionArgs) {
    List<String> cmd = new ArrayList<>(List.of(tool));
    cmd.addAll(List.of(versionArgs));
    boolean present;
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    assumeTrue(present, tool + " is not installed");
  }

  /** Runs a client tool with {@code stdin}; its output (stdout only); at most 30 s. */
  private String run(String stdin, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " ends").isTrue();
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }

  private String awaitStderr(String fragment) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
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
    throw new AssertionError("no stderr line containing '" + fragment + "'; saw " + seen);
  }

  @Test
  void tlsListenServesSocatOpensslClientsAndForwardsPlainBytes() throws Exception {
    assumeInstalled("socat", "-V");
    // socat's TLS client sends nothing at its stdin's EOF (TLS has no half-close it uses) and reads
    // until the server hangs up: the target answers one line and closes, which closes the client
    try (ServerSocket oneLine = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      threads.submit(() -> {
        try (Socket s = oneLine.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
          s.getOutputStream().write(("got " + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return null;
      });
      int port = forward("--tls-listen", "--cert", "node1.crt", "--key", "node1.key", "127.0.0.1:0",
          "127.0.0.1:" + oneLine.getLocalPort());
      String reply = run("over tls\n", "socat", "-", "OPENSSL:localhost:" + port + ",cafile=ca.crt,verify=1");
      assertThat(reply).isEqualTo("got over tls\n");
    }
  }

  @Test
  void tlsTargetVerifiesOpensslServerAgainstCaAndRefusesAnotherCa() throws Exception {
    assumeInstalled("socat", "-V");
    assumeInstalled("openssl", "version");
    Path other = Files.createDirectory(dir.resolve("other"));
    Certs.Validity valid = Certs.Validity.from(Duration.ofDays(1));
    CertFiles.writeCa(other, valid);
    CertFiles.writeNode(other, "rogue", List.of("localhost", "127.0.0.1"), valid);
    int good = opensslServer(dir, "node1");
    int rogue = opensslServer(other, "rogue");
    int port = forward("--tls-target", "--ca", "ca.crt", "127.0.0.1:0", "127.0.0.1:" + good);
    // the client keeps its side open until the answer is in: a FIN toward a TLS target ends the
    // whole forward (TLS carries no half-close here), as with stunnel
    assertThat(run("", "sh", "-c", "(echo hello; sleep 2) | socat -t 1 - TCP:127.0.0.1:" + port)).isEqualTo("olleh\n");
    int refused = forward("--tls-target", "--ca", "ca.crt", "127.0.0.1:0", "127.0.0.1:" + rogue);
    assertThat(run("secret\n", "socat", "-t", "5", "-", "TCP:127.0.0.1:" + refused)).isEmpty();
    assertThat(awaitStderr("forward-failed")).contains("certificate was refused");
  }

  /** {@code openssl s_server -rev} on an ephemeral port; returns the port. */
  private int opensslServer(Path where, String name) throws Exception {
    Process p = new ProcessBuilder("openssl", "s_server", "-accept", "0", "-cert", name + ".crt", "-key", name + ".key",
        "-rev").directory(where.toFile()).redirectErrorStream(true).start();
    processes.add(p);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    threads.submit(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          Matcher m = Pattern.compile("^ACCEPT .*:(\\d+)$").matcher(line.trim());
          if (m.matches()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      }
      port.completeExceptionally(new AssertionError("openssl s_server ended without listening"));
      return null;
    });
    return port.get(20, TimeUnit.SECONDS);
  }

  @Test
  void denyRefusesAndAllowLetsIn() throws Exception {
    assumeInstalled("socat", "-V");
    int denied = forward("--deny", "127.0.0.0/8", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
    assertThat(run("hi\n", "socat", "-t", "3", "-", "TCP:127.0.0.1:" + denied)).isEmpty();
    int allowed = forward("--allow", "127.0.0.1/32", "--deny", "10.0.0.0/8", "0.0.0.0:0",
        "127.0.0.1:" + echo.getLocalPort());
    assertThat(run("hi\n", "socat", "-t", "3", "-", "TCP:127.0.0.1:" + allowed)).isEqualTo("hi\n");
  }

  @Test
  void maxConnsRefusesTheOneTooMany() throws Exception {
    int port = forward("--max-conns", "1", "127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
    try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port);
        Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
      first.setSoTimeout(10_000);
      second.setSoTimeout(10_000);
      OutputStream out = first.getOutputStream();
      out.write("one\n".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(first.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("one\n");
      InputStream refused = second.getInputStream();
      assertThat(new String(refused.readAllBytes(), StandardCharsets.UTF_8)).contains("too many connections");
    }
  }

  @Test
  void sigintAndSigtermStopItPromptly() throws Exception {
    for (String signal : List.of("INT", "TERM")) {
      forward("127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
      Process p = processes.get(processes.size() - 1);
      long started = System.nanoTime();
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stopped by SIG" + signal).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
