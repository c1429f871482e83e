package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus send}: Send JSON to ADDRESS through the bridge and print the reply. */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Send JSON to ADDRESS through the bridge and print the reply.")
public final class SendCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus send: not implemented yet (issue 6)");
    return ExitCodes.FAILURE;
  }
}
