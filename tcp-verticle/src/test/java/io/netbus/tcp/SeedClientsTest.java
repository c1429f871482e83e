package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' own Python clients (ported to Python 3, otherwise as written: send without newline,
 * one {@code recv(1024)} per message) against the default config's listeners. Skipped without python3.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class SeedClientsTest {

  private static final String CTIME = "[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}";

  @TempDir
  static Path scripts;

  private Map<String, Integer> ports;

  @BeforeAll
  static void python() throws Exception {
    boolean present;
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    }
    assumeThat(present).as("python3 on PATH").isTrue();
    for (String name : List.of("seed001_client.py", "seed002_client.py", "seed003_client.py", "seed004_client.py")) {
      try (InputStream in = SeedClientsTest.class.getResourceAsStream("/seeds/" + name)) {
        Files.write(scripts.resolve(name), in.readAllBytes());
      }
    }
  }

  @BeforeEach
  void deployDefaults(Vertx vertx) throws Exception {
    // the default config's TCP listeners, on ephemeral ports
    ports = deploy(vertx, section(1,
        listener("upper", "upper", "raw"),
        listener("greet", "greet", "raw").put("welcome", "Welcome!"),
        listener("echo", "echo", "raw"),
        listener("time", "time", "raw")));
  }

  private static String run(String script, int port, String stdin) throws Exception {
    Process p = new ProcessBuilder("python3", scripts.resolve(script).toString(), "127.0.0.1", String.valueOf(port))
        .redirectErrorStream(true).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s exit status; output:%n%s", script, out).isZero();
    return out;
  }

  @Test
  void seed001UpperClient() throws Exception {
    assertThat(run("seed001_client.py", ports.get("upper"), "")).isEqualTo("Received b'HELLO HUANGPINGYI'\n");
  }

  @Test
  void seed002GreetClient() throws Exception {
    assertThat(run("seed002_client.py", ports.get("greet"), ""))
        .isEqualTo("Welcome!\nHello, Michael!\nHello, Tracy!\nHello, Sarah!\n");
  }

  @Test
  void seed003LoopingClient() throws Exception {
    assertThat(run("seed003_client.py", ports.get("echo"), "你好!\nsecond\n"))
        .isEqualTo("发送>>收到回复: 你好!\n发送>>收到回复: second\n发送>>");
  }

  @Test
  void seed004TimeClient() throws Exception {
    String out = run("seed004_client.py", ports.get("time"), "hello\nexit\n");
    assertThat(out).matches("127\\.0\\.0\\.1 say: \\[" + CTIME + "\\] hello\n127\\.0\\.0\\.1 say: see you again\n");
  }
}
