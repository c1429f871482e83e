package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus put}: Upload LOCAL to an exchange listener, SHA-256 verified. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Upload LOCAL to an exchange listener, SHA-256 verified.")
public final class PutCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus put: not implemented yet (issue 5)");
    return ExitCodes.FAILURE;
  }
}
