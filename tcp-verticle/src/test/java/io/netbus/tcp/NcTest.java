package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md "CLI behaviour a user relies on": {@code printf 'Michael\nexit\n' | nc 127.0.0.1 9999}
 * gets {@code Hello, Michael!} and a close on the default config's raw-framed greet and time
 * listeners. Runs OpenBSD netcat as a user would (no {@code -N}, no {@code -q}: nc keeps its side
 * open, so it only ends because the server closes). Skipped without OpenBSD netcat.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class NcTest {

  private static final String CTIME = "[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}";

  private static String nc;

  private Map<String, Integer> ports;

  @BeforeAll
  static void findNetcat() {
    nc = Files.isExecutable(Path.of("/usr/bin/nc.openbsd")) ? "/usr/bin/nc.openbsd"
        : Files.isExecutable(Path.of("/bin/nc.openbsd")) ? "/bin/nc.openbsd" : null;
    assumeThat(nc).as("OpenBSD netcat (nc.openbsd)").isNotNull();
  }

  @BeforeEach
  void deployDefaults(Vertx vertx) throws Exception {
    ports = deploy(vertx, section(1,
        listener("greet", "greet", "raw").put("welcome", "Welcome!"),
        listener("time", "time", "raw"),
        listener("upper", "upper", "raw")));
  }

  /** Pipes {@code stdin} into nc; returns what nc printed once it ended (it must end on its own). */
  private static String pipe(int port, String stdin) throws Exception {
    Process p = new ProcessBuilder(nc, "127.0.0.1", String.valueOf(port)).redirectErrorStream(true).start();
    try {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("nc ended because the server closed").isTrue();
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void pipedGreetingGetsHelloAndAClose() throws Exception {
    assertThat(pipe(ports.get("greet"), "Michael\nexit\n")).isEqualTo("Welcome!Hello, Michael!\n");
  }

  @Test
  void pipedTimeGetsAStampGoodbyeAndAClose() throws Exception {
    assertThat(pipe(ports.get("time"), "Michael\nexit\n"))
        .matches("\\[" + CTIME + "\\] Michael\nsee you again\n");
  }

  @Test
  void pipedCrlfLinesKeepTheirLineEndings() throws Exception {
    assertThat(pipe(ports.get("greet"), "Tracy\r\nSarah\r\nexit\r\n"))
        .isEqualTo("Welcome!Hello, Tracy!\r\nHello, Sarah!\r\n");
  }
}
