package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus cluster-info}: Show the cluster members, interfaces and event-bus hosts this config would use. */
@Command(name = "cluster-info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Show the cluster members, interfaces and event-bus hosts this config would use.")
public final class ClusterInfoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus cluster-info: not implemented yet (issue 6)");
    return ExitCodes.FAILURE;
  }
}
