package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus tcp}: Interactive TCP client: stdin lines out, replies to stdout as they arrive. */
@Command(name = "tcp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Interactive TCP client: stdin lines out, replies to stdout as they arrive.")
public final class TcpCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus tcp: not implemented yet (issue 3)");
    return ExitCodes.FAILURE;
  }
}
