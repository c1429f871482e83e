package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus publish}: Publish JSON to ADDRESS through the bridge. */
@Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Publish JSON to ADDRESS through the bridge.")
public final class PublishCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus publish: not implemented yet (issue 6)");
    return ExitCodes.FAILURE;
  }
}
