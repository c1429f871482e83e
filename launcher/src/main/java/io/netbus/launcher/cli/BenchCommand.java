package io.netbus.launcher.cli;

import io.netbus.launcher.bench.BusBenchCommand;
import io.netbus.launcher.bench.FileBenchCommand;
import io.netbus.launcher.bench.IdleBenchCommand;
import io.netbus.launcher.bench.TcpBenchCommand;
import io.netbus.launcher.bench.UdpBenchCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netbus bench}: load generator for netbus endpoints and any TCP/UDP peer. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Load generator for netbus endpoints and any TCP/UDP peer.",
        "Prints a table (or --json); progress on stderr. Targets must be loopback unless --allow-remote."},
    subcommands = {TcpBenchCommand.class, UdpBenchCommand.class, FileBenchCommand.class, BusBenchCommand.class,
        IdleBenchCommand.class},
    footer = {"%nSee bench/compare.sh for the side-by-side comparison with iperf3, socat and bare Vert.x."})
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
