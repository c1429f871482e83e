package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus get}: Download REMOTE from an exchange listener, SHA-256 verified. */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Download REMOTE from an exchange listener, SHA-256 verified.")
public final class GetCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus get: not implemented yet (issue 5)");
    return ExitCodes.FAILURE;
  }
}
