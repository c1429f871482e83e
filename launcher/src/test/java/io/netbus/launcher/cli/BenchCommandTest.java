package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.Main;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code netbus bench} as the launcher wires it: the bench module's command under {@code netbus},
 * with the launcher's exit statuses (bad input 2, a run with errors 1). The load generator itself
 * is tested in the bench module.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandTest {

  @Test
  void cliPrintsJsonAgainstAPeer(Vertx vertx) throws Exception {
    int lineEcho = vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s)
            .handler(line -> s.write(line.copy().appendString("\n"))))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    int status = cli.execute("bench", "tcp", "127.0.0.1:" + lineEcho, "-c", "2", "-D", "4", "-n", "1000", "-w", "0",
        "--json", "-q");
    assertThat(status).isZero();
    JsonObject json = new JsonObject(out.toString());
    assertThat(json.getString("kind")).isEqualTo("tcp");
    assertThat(json.getLong("count")).isGreaterThanOrEqualTo(1000);
    assertThat(json.getLong("errors")).isZero();
  }

  @Test
  void cliRefusesRemoteTargetsWithUsageStatus() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("bench", "tcp", "10.1.2.3:80", "-q")).isEqualTo(2);
    assertThat(err.toString()).contains("not a loopback address");
    assertThat(cli.execute("bench", "tcp", "127.0.0.1:80", "--framing", "xml", "-q")).isEqualTo(2);
    assertThat(cli.execute("bench", "tcp", "127.0.0.1:80", "--depth", "0", "-q")).isEqualTo(2);
    assertThat(cli.execute("bench", "udp", "127.0.0.1:80", "--size", "8", "-q")).isEqualTo(2);
    assertThat(cli.execute("bench", "tcp", "127.0.0.1:80", "--duration", "0", "-q")).isEqualTo(2);
    assertThat(cli.execute("bench", "file", "127.0.0.1:80", "--mode", "get", "-q")).isEqualTo(2);
    assertThat(cli.execute("bench", "file", "127.0.0.1:80", "--mode", "fetch", "-q")).isEqualTo(2);
    assertThat(err.toString()).contains("--framing: 'xml'").contains("--depth: 0").contains("--duration");
  }
}
