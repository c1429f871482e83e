package io.netbus.launcher.cli;

import io.netbus.launcher.admin.AdminAddresses;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus undeploy}: stop one listener on a node at run time. */
@Command(name = "undeploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Stop a listener on a node at run time (its connections close). Not persisted: the next reload"
        + " or restart returns the node to its file.",
    footer = {"%nExample:  netbus undeploy --node b echo2",
        "Exit status 1 when the node or the listener is unknown (the known ones are listed)."})
public final class UndeployCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Option(names = "--node", paramLabel = "NAME", description = "The node to stop it on (default: the bridge's node).")
  String node;

  @Option(names = "--kind", paramLabel = "KIND", description = "tcp, udp or file, when several kinds use the name.")
  String kind;

  @Parameters(index = "0", paramLabel = "LISTENER", description = "The listener's name.")
  String name;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JsonObject body = new JsonObject().put(AdminAddresses.NAME, name);
    if (kind != null) {
      body.put(AdminAddresses.KIND, kind);
    }
    return bus.run(spec, AdminCall.CHANGE_TIMEOUT_MS + 5000, client -> AdminCall.call(client, node,
        AdminAddresses.UNDEPLOY, body, AdminCall.CHANGE_TIMEOUT_MS).map(reply -> {
          JsonObject u = reply.getJsonObject(AdminAddresses.UNDEPLOYED, new JsonObject());
          out.println("undeployed " + u.getString(AdminAddresses.KIND) + " listener " + u.getString(AdminAddresses.NAME)
              + " on node " + reply.getString(AdminAddresses.NODE));
          out.flush();
          return ExitCodes.OK;
        }));
  }
}
