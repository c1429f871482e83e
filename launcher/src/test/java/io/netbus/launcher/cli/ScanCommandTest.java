package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code netbus scan} against sockets this test opens and closes. */
class ScanCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new ScanCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(ExitCodes::onExecutionException).execute(args);
  }

  @Test
  void printsOpenPortsAscending() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket a = new ServerSocket(0, 50, lo); ServerSocket b = new ServerSocket(0, 50, lo)) {
      int closed;
      try (ServerSocket c = new ServerSocket(0, 1, lo)) {
        closed = c.getLocalPort();
      }
      int lowOpen = Math.min(a.getLocalPort(), b.getLocalPort());
      int highOpen = Math.max(a.getLocalPort(), b.getLocalPort());
      int status = run("--timeout-ms", "500", "127.0.0.1", highOpen + "," + closed + "," + lowOpen);
      assertThat(status).isZero();
      assertThat(out.toString()).isEqualTo(lowOpen + " open" + System.lineSeparator() + highOpen + " open"
          + System.lineSeparator());
    }
  }

  @Test
  void nothingOpenIsSaidOnStderr() throws Exception {
    int closed;
    try (ServerSocket c = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = c.getLocalPort();
    }
    assertThat(run("127.0.0.1", String.valueOf(closed))).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("no open port among 1 on 127.0.0.1");
  }

  @Test
  void badPortListsAreUsageErrors() {
    assertThat(run("127.0.0.1", "80-20")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'80-20' is an empty range");
  }
}
