package io.netbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `netbus` command as `mvn package` leaves it (launcher/target/netbus beside netbus.jar and
 * netbus.jsa): through a symlink from another directory, with the class-data archive in use, and
 * `netbus install --prefix`.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherScriptIT {

  static final Path SCRIPT = Path.of("target", "netbus").toAbsolutePath();

  @TempDir
  Path elsewhere;

  /** Runs {@code cmd} in {@code elsewhere} with JAVA_HOME set to this JVM; returns status and output. */
  private record Result(int status, String output) {
  }

  private Result run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(cmd)).isTrue();
      return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aSymlinkOnThePathRunsItFromAnyDirectory() throws Exception {
    assertThat(SCRIPT).isExecutable();
    Path bin = Files.createDirectories(elsewhere.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("netbus"), SCRIPT);
    Result r = run(Map.of(), bin.resolve("netbus").toString(), "--version");
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("netbus ");
  }

  @Test
  void theClassDataArchiveIsUsable() throws Exception {
    assertThat(SCRIPT.resolveSibling("netbus.jsa")).exists();
    // -Xshare:on makes the JVM fail instead of ignoring an archive it cannot map
    Result r = run(Map.of("NETBUS_JAVA_OPTS", "-Xshare:on"), SCRIPT.toString(), "--version");
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("netbus ");
  }

  @Test
  void installCopiesAndLinks() throws Exception {
    Path prefix = elsewhere.resolve("prefix");
    Result r = run(Map.of(), SCRIPT.toString(), "install", "--prefix", prefix.toString(), "--no-cds");
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(prefix.resolve("lib/netbus/netbus.jar")).isRegularFile();
    assertThat(Files.readSymbolicLink(prefix.resolve("bin/netbus"))).isEqualTo(prefix.resolve("lib/netbus/netbus"));
    Result v = run(Map.of(), prefix.resolve("bin/netbus").toString(), "--version");
    assertThat(v.status()).as(v.output()).isZero();
    assertThat(v.output()).startsWith("netbus ");
  }

  /**
   * The README's first screen on a fresh HOME: {@code install --prefix ~/.local}, then {@code netbus}
   * from the PATH runs a node (its files in {@code ~/.local/share/netbus/data}, not in the working
   * directory) and {@code echo hello | netbus tcp} gets HELLO. Ports are moved off the defaults.
   */
  @Test
  void theReadmeFirstScreenOnAFreshHome() throws Exception {
    Path home = Files.createDirectories(elsewhere.resolve("home"));
    Path work = Files.createDirectories(elsewhere.resolve("work"));
    Map<String, String> user = new java.util.HashMap<>(Map.of("HOME", home.toString(), "PATH",
        home.resolve(".local/bin") + ":" + System.getenv("PATH")));
    Result installed = run(user, SCRIPT.toString(), "install", "--prefix", home.resolve(".local").toString());
    assertThat(installed.status()).as(installed.output()).isZero();
    assertThat(installed.output()).contains("installed " + home.resolve(".local/lib/netbus/netbus.jar"))
        .doesNotContain("is not on your PATH");

    int upper = TestPorts.freePort();
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "exec netbus").directory(work.toFile()).redirectErrorStream(true);
    pb.environment().putAll(user);
    pb.environment().remove("XDG_DATA_HOME");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("NETBUS_TCP_LISTENERS_0_PORT", String.valueOf(upper));
    for (String key : List.of("TCP_LISTENERS_1_PORT", "TCP_LISTENERS_2_PORT", "TCP_LISTENERS_3_PORT",
        "UDP_LISTENERS_0_PORT", "FILE_LISTENERS_0_PORT", "FILE_LISTENERS_1_PORT", "BRIDGE_PORT")) {
      pb.environment().put("NETBUS_" + key, "0");
    }
    Process node = pb.start();
    try {
      java.io.BufferedReader log = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(),
          StandardCharsets.UTF_8));
      Path data = home.resolve(".local/share/netbus/data");
      String line;
      List<String> seen = new java.util.ArrayList<>();
      while ((line = log.readLine()) != null && !line.contains("data directory")) {
        seen.add(line);
      }
      assertThat(line).as("the node's log: %s", seen).endsWith("data directory (file.root): " + data);
      assertThat(data.resolve("file.txt")).isRegularFile();
      assertThat(work).isEmptyDirectory();
      Result echo = run(user, "sh", "-c", "echo hello | netbus tcp 127.0.0.1 " + upper);
      assertThat(echo.status()).as(echo.output()).isZero();
      assertThat(echo.output().strip()).isEqualTo("HELLO");
    } finally {
      node.destroy();
      assertThat(node.waitFor(15, TimeUnit.SECONDS)).isTrue();
    }
  }
}
