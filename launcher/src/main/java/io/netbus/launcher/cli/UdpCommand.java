package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code netbus udp}: Interactive UDP client: each stdin line is one datagram, replies printed. */
@Command(name = "udp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Interactive UDP client: each stdin line is one datagram, replies printed.")
public final class UdpCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("netbus udp: not implemented yet (issue 4)");
    return ExitCodes.FAILURE;
  }
}
