package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus scan}: TCP connect scan of HOST over PORTS (e.g. 22,80,8000-8100). */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "TCP connect scan of HOST over PORTS (e.g. 22,80,8000-8100).")
public final class ScanCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus scan: not implemented yet (issue 3)");
    return ExitCodes.FAILURE;
  }
}
