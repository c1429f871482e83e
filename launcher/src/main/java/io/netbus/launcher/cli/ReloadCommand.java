package io.netbus.launcher.cli;

import io.netbus.launcher.admin.AdminAddresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netbus reload}: a node re-reads its config file and applies what changed (as SIGHUP does). */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Make a node re-read its config file: unchanged listeners keep their connections, changed ones are"
        + " redeployed, added and removed ones started and stopped. A bad file changes nothing.",
    footer = {"%nExample:  netbus reload --node b",
        "Only the tcp, udp and file sections and log can change at run time; a change to another section is",
        "refused (restart the node). Exit status 2 when the file is refused (the error names file and key)."})
public final class ReloadCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Option(names = "--node", paramLabel = "NAME", description = "The node to reload (default: the bridge's node).")
  String node;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return bus.run(spec, AdminCall.CHANGE_TIMEOUT_MS + 5000, client -> AdminCall.call(client, node,
        AdminAddresses.RELOAD, new JsonObject(), AdminCall.CHANGE_TIMEOUT_MS).map(reply -> {
          out.println("node " + reply.getString(AdminAddresses.NODE) + " reloaded: "
              + part(reply, AdminAddresses.KEPT) + ", " + part(reply, AdminAddresses.REDEPLOYED) + ", "
              + part(reply, AdminAddresses.ADDED) + ", " + part(reply, AdminAddresses.REMOVED));
          out.flush();
          return ExitCodes.OK;
        }));
  }

  /** {@code 2 redeployed (tcp/chat, udp/greet)}; kept ones only counted. */
  private static String part(JsonObject reply, String field) {
    JsonArray ids = reply.getJsonArray(field, new JsonArray());
    return ids.size() + " " + field + (ids.isEmpty() || field.equals(AdminAddresses.KEPT) ? ""
        : " (" + String.join(", ", ids.stream().map(String::valueOf).toList()) + ")");
  }
}
