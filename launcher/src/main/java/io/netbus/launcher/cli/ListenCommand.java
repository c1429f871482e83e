package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus listen}: Print messages on ADDRESS, one JSON per line. */
@Command(name = "listen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print messages on ADDRESS, one JSON per line.")
public final class ListenCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus listen: not implemented yet (issue 6)");
    return ExitCodes.FAILURE;
  }
}
