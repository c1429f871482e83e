package io.netbus.launcher.cli;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.launcher.admin.AdminAddresses;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus deploy}: start one listener on a node at run time. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Start a listener on a node at run time, checked like the config file. Not persisted: the next"
        + " reload or restart returns the node to its file.",
    footer = {"%nExample:  netbus deploy --node b tcp '{\"name\":\"echo2\",\"port\":7001,\"service\":\"echo\"}'",
        "Exit status 2 when the listener has an error (the same line as in a config file), its name is taken or",
        "its port is in use; 1 when the node is unknown."})
public final class DeployCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Option(names = "--node", paramLabel = "NAME", description = "The node to start it on (default: the bridge's node).")
  String node;

  @Parameters(index = "0", paramLabel = "KIND", description = "tcp, udp or file.")
  String kind;

  @Parameters(index = "1", paramLabel = "LISTENER-JSON", description = "The listener, as in the config file's list.")
  String listener;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(BusClientOptions.json(spec, "LISTENER-JSON", listener) instanceof JsonObject json)) {
      throw new ParameterException(spec.commandLine(), "LISTENER-JSON: '" + listener + "' is not a JSON object {...}");
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonObject body = new JsonObject().put(AdminAddresses.KIND, kind).put(AdminAddresses.LISTENER, json);
    return bus.run(spec, AdminCall.CHANGE_TIMEOUT_MS + 5000, client -> AdminCall.call(client, node,
        AdminAddresses.DEPLOY, body, AdminCall.CHANGE_TIMEOUT_MS).map(reply -> {
          JsonObject d = reply.getJsonObject(AdminAddresses.DEPLOYED, new JsonObject());
          out.println("deployed " + d.getString(AdminAddresses.KIND) + " listener " + d.getString(AdminAddresses.NAME)
              + " on node " + reply.getString(AdminAddresses.NODE) + " at " + d.getString(ListenerStats.ADDRESS));
          out.flush();
          return ExitCodes.OK;
        }));
  }
}
