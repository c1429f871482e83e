package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every client command takes the same {@code --tls --ca --cert --key --token}, with one help text each. */
class ClientTlsOptionsTest {

  static final List<String> CLIENT_COMMANDS = List.of("send", "publish", "listen", "nodes", "status", "deploy",
      "undeploy", "reload", "tcp", "get", "put", "ls");
  static final List<String> FLAGS = List.of("--tls", "--ca", "--cert", "--key", "--token");

  @Test
  void everyClientCommandHasTheSameFlagsAndHelp() {
    CommandLine root = Main.commandLine();
    for (String flag : FLAGS) {
      Map<String, String> help = new TreeMap<>();
      for (String command : CLIENT_COMMANDS) {
        CommandLine sub = root.getSubcommands().get(command);
        assertThat(sub).as(command).isNotNull();
        OptionSpec option = sub.getCommandSpec().findOption(flag);
        assertThat(option).as(command + " " + flag).isNotNull();
        help.put(command, String.join(" ", option.description()) + " [" + option.paramLabel() + "]");
      }
      assertThat(help.values().stream().distinct()).as(flag + " help per command: " + help).hasSize(1);
    }
    assertThat(String.join(" ", root.getSubcommands().get("send").getCommandSpec().findOption("--token").description()))
        .contains("$" + ClientTlsOptions.TOKEN_ENV);
  }

  @Test
  void tcpRefusesATokenInOneUsageLine() {
    StringWriter err = new StringWriter();
    int status = Main.commandLine().setErr(new PrintWriter(err, true))
        .execute("tcp", "--token", "t0k3n", "127.0.0.1", "9");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("netbus tcp: --token: a TCP service listener takes no token");
  }
}
