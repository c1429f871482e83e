package io.netbus.launcher.cli;

import io.netbus.contract.NodeInfo;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.launcher.admin.AdminAddresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netbus nodes}: one line per cluster node, asked of the node behind the bridge. */
@Command(name = "nodes", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "List the cluster's nodes: name, cluster address, uptime, listeners, open connections.",
    footer = {"%nExample:  netbus nodes --bridge 127.0.0.1:7000",
        "The bridge must permit the admin API: \"inbound\": [\"netbus\\\\..+\", \"netbus\\\\.admin\\\\..+\"].",
        "A node that does not answer within 2 s is listed as unreachable."})
public final class NodesCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Option(names = "--json", description = "Print the admin API's JSON reply instead of a table.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return AdminCall.query(bus, spec, null, AdminAddresses.NODES, json, (reply, out) -> table(reply).print(out));
  }

  static Table table(JsonObject reply) {
    Table table = new Table("NAME", "ADDRESS", "UPTIME", "LISTENERS", "CONNECTIONS");
    JsonArray nodes = reply.getJsonArray(AdminAddresses.NODES_FIELD, new JsonArray());
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject n = nodes.getJsonObject(i);
      String address = n.getString(NodeInfo.ADDRESS) == null ? "standalone" : n.getString(NodeInfo.ADDRESS);
      if (!n.getBoolean(AdminAddresses.REACHABLE, true)) {
        table.row(n.getString(NodeInfo.NAME), address, "unreachable", null, null);
      } else {
        table.row(n.getString(NodeInfo.NAME), address, Table.duration(n.getLong(NodeInfo.UPTIME_MS, 0L)),
            n.getInteger(AdminAddresses.LISTENERS), n.getLong(ListenerStats.CONNECTIONS));
      }
    }
    return table;
  }
}
