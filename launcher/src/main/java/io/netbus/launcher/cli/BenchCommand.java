package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus bench}: Load generator for netbus endpoints and any TCP/UDP peer. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Load generator for netbus endpoints and any TCP/UDP peer.")
public final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus bench: not implemented yet (issue 7)");
    return ExitCodes.FAILURE;
  }
}
