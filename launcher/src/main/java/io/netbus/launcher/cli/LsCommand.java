package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus ls}: List the files of an exchange listener. */
@Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "List the files of an exchange listener.")
public final class LsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus ls: not implemented yet (issue 5)");
    return ExitCodes.FAILURE;
  }
}
