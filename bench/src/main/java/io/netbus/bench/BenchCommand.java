package io.netbus.bench;

import io.netbus.contract.ExitStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code netbus bench}: load generator for netbus endpoints and any TCP/UDP peer. The bench module
 * owns the command and its subcommands; the launcher only lists it among {@code netbus}'s commands.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"Load generator for netbus endpoints and any TCP/UDP peer.",
        "Prints a table (or --json); progress on stderr. Targets must be loopback unless --allow-remote."},
    subcommands = {TcpBenchCommand.class, UdpBenchCommand.class, FileBenchCommand.class, BusBenchCommand.class,
        IdleBenchCommand.class, HandshakeBenchCommand.class},
    footer = {"%nSee bench/compare.sh for the side-by-side comparison with iperf3, socat and bare Vert.x."})
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitStatus.USAGE;
  }
}
