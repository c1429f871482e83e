package io.netbus.launcher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus publish}: Publish JSON to ADDRESS through the bridge. */
@Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Publish JSON to ADDRESS through the bridge (every consumer, on every node, gets it).",
    footer = {"%nExample:  netbus publish netbus.tcp.chat.out '{\"text\":\"hello from the bus\\n\"}'",
        "Exit status 0 once the bridge has accepted the message, 1 when it refuses the address."})
public final class PublishCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Parameters(index = "0", paramLabel = "ADDRESS", description = "Bus address.")
  String address;

  @Parameters(index = "1", paramLabel = "JSON", description = "Message body: any JSON value.")
  String json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Object body = BusClientOptions.json(spec, "JSON", json);
    return bus.run(spec, 15_000, client -> client.publish(address, body).map(ExitCodes.OK));
  }
}
