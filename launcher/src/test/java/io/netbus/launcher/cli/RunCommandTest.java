package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.Main;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `netbus run` refusing bad input: one clear line naming file, key and value, and status 2. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RunCommandTest {

  @TempDir
  Path dir;

  private Vertx vertx;
  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private int run(String... args) {
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    cmd.setOut(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  private Path conf(String json) throws Exception {
    return Files.writeString(dir.resolve("node.json"), json.replace('\'', '"'));
  }

  private String errLine() {
    String text = err.toString();
    assertThat(text.lines().count()).as("exactly one line on stderr: %s", text).isEqualTo(1);
    return text.strip();
  }

  @Test
  void malformedJsonNamesTheFileAndWhere() throws Exception {
    Path file = conf("{'tcp': {'listeners': [}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).startsWith("netbus: " + file + ": malformed JSON at line 1, column");
  }

  @Test
  void badValueNamesTheFileTheKeyAndTheValue() throws Exception {
    Path file = conf("{'tcp': {'listeners': [{'name': 'a', 'port': 70000, 'service': 'echo'}]}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": tcp.listeners[0].port: 70000 is not a port (0-65535)");
  }

  @Test
  void aConsoleOffLoopbackWithoutTlsOrInsecureIsRefused() throws Exception {
    Path file = conf("{'metrics': {'host': '0.0.0.0', 'port': 0}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).startsWith("netbus: " + file + ": metrics.host: '0.0.0.0' is not a loopback address");
  }

  @Test
  void aConsoleOffLoopbackNamesWhatItNeeds() throws Exception {
    Path file = conf("{'metrics': {'host': '0.0.0.0', 'port': 0}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": metrics.host: '0.0.0.0' is not a loopback address, so the"
        + " metrics server (console, /metrics) needs \"tls\": true and authentication (\"clientAuth\": \"required\""
        + " or an auth section), or \"insecure\": true to be exposed anyway");
  }

  @Test
  void aTlsConsoleWithoutTheNodesTlsSectionIsRefused() throws Exception {
    Path file = conf("{'metrics': {'port': 0, 'tls': true}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": metrics.tls: true needs the top-level \"tls\" section"
        + " {\"cert\", \"key\", \"ca\"}");
  }

  @Test
  void theTopLevelCommandTakesRunsOptions() throws Exception {
    Path file = conf("{'tcp': {'listeners': [{'name': 'a', 'port': 70000, 'service': 'echo'}]}}");
    assertThat(run("--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": tcp.listeners[0].port: 70000 is not a port (0-65535)");
  }

  @Test
  void aBadOverrideIsBlamedOnTheVariableNotTheFile() throws Exception {
    Path file = conf("{'tcp': {'listeners': [{'name': 'a', 'port': 0, 'service': 'echo'}]}}");
    System.setProperty("netbus.tcp.listeners.0.port", "abc");
    try {
      assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    } finally {
      System.clearProperty("netbus.tcp.listeners.0.port");
    }
    assertThat(errLine()).isEqualTo("netbus: override -Dnetbus.tcp.listeners.0.port: tcp.listeners[0].port: "
        + "expected a whole number, found 'abc'");
  }

  @Test
  void anOverrideThatNamesAnUnknownKeyIsBlamedOnTheOverride() throws Exception {
    Path file = conf("{'tcp': {'listeners': [{'name': 'a', 'port': 0, 'service': 'echo'}]}}");
    System.setProperty("netbus.tcp.listenrs.0.port", "1");
    try {
      assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    } finally {
      System.clearProperty("netbus.tcp.listenrs.0.port");
    }
    assertThat(errLine()).isEqualTo("netbus: override -Dnetbus.tcp.listenrs.0.port: tcp.listenrs: unknown key "
        + "(known keys: instances, listeners, maxRequests, targets)");
    err.getBuffer().setLength(0);
    System.setProperty("netbus.tcp.listeners.3.port", "1");
    try {
      assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    } finally {
      System.clearProperty("netbus.tcp.listeners.3.port");
    }
    assertThat(errLine()).isEqualTo("netbus: override -Dnetbus.tcp.listeners.3.port: tcp.listeners has 1 entries; "
        + "index 3 is past its end");
  }

  @Test
  void anExposedExchangeListenerWithoutTlsAndAuthRefusesToStart() throws Exception {
    Path file = conf("{'file': {'root': '" + dir.resolve("root") + "', 'listeners': "
        + "[{'name': 'files', 'host': '0.0.0.0', 'port': 0, 'mode': 'exchange'}]}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": file.listeners[0].host: '0.0.0.0' is not a loopback address,"
        + " so the exchange listener 'files' needs \"tls\": true and authentication (\"clientAuth\": \"required\" or"
        + " an auth section), or \"insecure\": true to be exposed anyway");
  }

  @Test
  void aTlsListenerWithoutTheTlsSectionAndBadRulesAreConfigErrors() throws Exception {
    Path file = conf("{'tcp': {'listeners': [{'name': 'u', 'port': 0, 'service': 'upper', 'tls': true}]}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": tcp.listeners[0].tls: true needs the top-level \"tls\""
        + " section {\"cert\", \"key\", \"ca\"}");
    err.getBuffer().setLength(0);
    file = conf("{'tcp': {'targets': ['10.0.0.0/33'], 'listeners': []}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).startsWith("netbus: " + file + ": tcp.targets[0]: '10.0.0.0/33'");
    err.getBuffer().setLength(0);
    file = conf("{'udp': {'listeners': [{'name': 'u', 'port': 0, 'service': 'echo', 'deny': ['nowhere']}]}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).startsWith("netbus: " + file + ": udp.listeners[0].deny[0]: ");
  }

  @Test
  void missingConfigFile() {
    assertThat(run("run", "--conf", dir.resolve("absent.json").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + dir.resolve("absent.json") + ": no such file");
  }

  @Test
  void portAlreadyInUseNamesTheKeyAndPort() throws Exception {
    NetServer taken = vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    int port = taken.actualPort();
    Path file = conf("{'tcp': {'listeners': [{'name': 'a', 'port': 0, 'service': 'echo'},"
        + "{'name': 'b', 'port': " + port + ", 'service': 'echo'}]}}");
    long t0 = System.nanoTime();
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
    assertThat(errLine()).startsWith("netbus: " + file + ": tcp.listeners[1].port: ").contains(String.valueOf(port));
  }

  @Test
  void twoTcpServersOnOnePortAreAConfigError() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // never bound by the node: the check comes first
    }
    Path file = conf("{'tcp': {'listeners': [{'name': 'a', 'port': " + port + ", 'service': 'echo'},"
        + "{'name': 'b', 'host': '127.0.0.1', 'port': " + port + ", 'service': 'upper'}]}}");
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).isEqualTo("netbus: " + file + ": tcp.listeners[1].port: " + port
        + " on 127.0.0.1 is already used by tcp.listeners[0].port (two TCP servers of one node cannot share a port)");
    Path withBridge = conf("{'tcp': {'listeners': [{'name': 'a', 'port': " + port + ", 'service': 'echo'}]},"
        + "'bridge': {'port': " + port + "}}");
    err.getBuffer().setLength(0);
    assertThat(run("run", "--conf", withBridge.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).startsWith("netbus: " + withBridge + ": bridge.port: " + port
        + " on 127.0.0.1 is already used by tcp.listeners[0].port");
  }

  @Test
  void missingPushFileInAUsersConfig() throws Exception {
    Path file = conf("{'file': {'root': '" + dir.resolve("root") + "', 'listeners': ["
        + "{'name': 'push', 'port': 0, 'mode': 'push', 'file': 'nope.txt'}]}}");
    Files.createDirectories(dir.resolve("root"));
    assertThat(run("run", "--conf", file.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(errLine()).startsWith("netbus: " + file + ": file.listeners[0].file: ").contains("nope.txt");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("run", "--confg", "x")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Unknown options: '--confg'").contains("Possible solutions: --conf");
  }

  @Test
  void helpAndVersionExitZero() {
    assertThat(run("run", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--conf=FILE").contains("--cluster");
    assertThat(run("--version")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("netbus");
  }
}
