package io.netbus.launcher.cli;

import io.netbus.contract.NodeInfo;
import io.netbus.contract.stats.ListenerStats;
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

/** {@code netbus status}: one node's listeners and transfers in progress. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Show a node's listeners (kind, name, address, TLS, where it came from, connections, messages and"
        + " bytes in/out) and its file transfers in progress.",
    footer = {"%nExample:  netbus status --node b",
        "Without --node: the node whose bridge you connect to. ORIGIN 'deploy' marks a listener started by",
        "'netbus deploy': it is not in the config file and goes at the next reload or restart."})
public final class StatusCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Option(names = "--node", paramLabel = "NAME", description = "The node to ask (default: the bridge's node).")
  String node;

  @Option(names = "--json", description = "Print the admin API's JSON reply instead of tables.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return AdminCall.query(bus, spec, node, AdminAddresses.STATUS, json, StatusCommand::print);
  }

  static void print(JsonObject status, PrintWriter out) {
    JsonObject node = status.getJsonObject(AdminAddresses.NODE, new JsonObject());
    String address = node.getString(NodeInfo.ADDRESS);
    out.println("node " + node.getString(NodeInfo.NAME) + " (" + (address == null ? "standalone" : "cluster " + address)
        + "), up " + Table.duration(node.getLong(NodeInfo.UPTIME_MS, 0L)));
    JsonArray listeners = status.getJsonArray(AdminAddresses.LISTENERS, new JsonArray());
    if (listeners.isEmpty()) {
      out.println("no listeners");
    } else {
      Table table = new Table("KIND", "NAME", "ADDRESS", "TLS", "ORIGIN", "CONNS", "ACCEPTED", "REFUSED", "MSGS IN",
          "MSGS OUT", "BYTES IN", "BYTES OUT", "FWD FAILED");
      for (int i = 0; i < listeners.size(); i++) {
        JsonObject l = listeners.getJsonObject(i);
        table.row(l.getString(ListenerStats.KIND), l.getString(ListenerStats.NAME), l.getString(ListenerStats.ADDRESS),
            l.getBoolean(ListenerStats.TLS, false) ? "yes" : "no", l.getString(ListenerStats.ORIGIN),
            l.getLong(ListenerStats.CONNECTIONS), l.getLong(ListenerStats.ACCEPTED), l.getLong(ListenerStats.REFUSED),
            l.getLong(ListenerStats.FRAMES_IN), l.getLong(ListenerStats.FRAMES_OUT),
            Table.bytes(l.getLong(ListenerStats.BYTES_IN, 0L)), Table.bytes(l.getLong(ListenerStats.BYTES_OUT, 0L)),
            l.getLong(ListenerStats.FORWARD_FAILED, 0L));
      }
      table.print(out);
    }
    JsonArray transfers = status.getJsonArray(AdminAddresses.TRANSFERS, new JsonArray());
    if (!transfers.isEmpty()) {
      out.println();
      Table table = new Table("TRANSFER", "LISTENER", "FILE", "DIRECTION", "DONE", "OF");
      for (int i = 0; i < transfers.size(); i++) {
        JsonObject t = transfers.getJsonObject(i);
        long total = t.getLong("total", -1L);
        table.row(t.getLong("id"), t.getString("listener"), t.getString("file"), t.getString("direction"),
            Table.bytes(t.getLong("bytes", 0L)), total < 0 ? "?" : Table.bytes(total));
      }
      table.print(out);
    }
    out.flush();
  }
}
