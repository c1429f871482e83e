package io.netbus.launcher.cli;

import io.netbus.bridge.client.BridgeClient;
import io.netbus.bridge.client.BridgeClient.BridgeException;
import io.netbus.bridge.protocol.Frames;
import io.netbus.contract.NodeInfo;
import io.netbus.launcher.admin.AdminAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One admin request from the CLI through the bridge: to {@code netbus.admin.<node>.<op>}, or to
 * the bridge's own node ({@code netbus.admin.local.<op>}) when no node is named. Turns the node's
 * failures into a {@link CommandFailure} with the line to print and the exit status: a config or
 * conflict error from the node is 2, an unknown node or listener 1 (listing the known ones), a
 * bridge that does not permit the admin API 1 with the rule to add.
 */
final class AdminCall {

  /** Status and nodes answer at once; a reload or deploy may bind and close many sockets. */
  static final long QUERY_TIMEOUT_MS = 10_000;
  static final long CHANGE_TIMEOUT_MS = 30_000;

  private AdminCall() {
  }

  static Future<JsonObject> call(BridgeClient client, String node, String op, JsonObject body, long timeoutMs) {
    String address = node == null ? AdminAddresses.local(op) : AdminAddresses.of(node, op);
    return client.request(address, body, timeoutMs)
        .map(frame -> frame.getValue(Frames.BODY) instanceof JsonObject json ? json : new JsonObject())
        .recover(err -> err instanceof BridgeException be ? explain(client, node, be) : Future.failedFuture(err));
  }

  /**
   * A read-only admin query as {@code nodes} and {@code status} run it: asks {@code node} (null:
   * the bridge's node) for {@code op} and prints the reply as JSON when {@code json}, else with
   * {@code printer}. Returns the exit status.
   */
  static Integer query(BusClientOptions bus, CommandSpec spec, String node, String op, boolean json,
      BiConsumer<JsonObject, PrintWriter> printer) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return bus.run(spec, QUERY_TIMEOUT_MS + 5000, client -> call(client, node, op, new JsonObject(), QUERY_TIMEOUT_MS)
        .map(reply -> {
          if (json) {
            out.println(reply.encode());
            out.flush();
          } else {
            printer.accept(reply, out);
          }
          return ExitCodes.OK;
        }));
  }

  private static Future<JsonObject> explain(BridgeClient client, String node, BridgeException e) {
    JsonObject frame = e.frame();
    String message = frame.getString(Frames.MESSAGE, "error");
    String type = frame.getString("failureType", "");
    int code = frame.getInteger("failureCode", -1);
    if (Frames.ACCESS_DENIED.equals(message)) {
      return fail(ExitCodes.FAILURE, "the bridge does not permit the admin API: add \"netbus\\\\.admin\\\\..+\" to"
          + " bridge.inbound in the node's config (no default rule permits netbus.admin.*)");
    }
    if ("NO_HANDLERS".equals(type) && node != null) {
      return call(client, null, AdminAddresses.NODES, new JsonObject(), QUERY_TIMEOUT_MS)
          .transform(ar -> fail(ExitCodes.FAILURE, "no node named '" + node + "'"
              + (ar.succeeded() ? " (nodes: " + String.join(", ", names(ar.result())) + ")" : "")));
    }
    if ("NO_HANDLERS".equals(type)) {
      return fail(ExitCodes.FAILURE, "the bridge's node has no admin API (is it a netbus node?)");
    }
    if ("TIMEOUT".equals(type)) {
      return fail(ExitCodes.FAILURE, "node " + (node == null ? "" : "'" + node + "' ") + "did not answer in time");
    }
    boolean badInput = code == AdminAddresses.BAD_REQUEST || code == AdminAddresses.CONFLICT;
    return fail(badInput ? ExitCodes.USAGE : ExitCodes.FAILURE, message);
  }

  static List<String> names(JsonObject nodesReply) {
    List<String> names = new ArrayList<>();
    JsonArray nodes = nodesReply.getJsonArray(AdminAddresses.NODES_FIELD, new JsonArray());
    for (int i = 0; i < nodes.size(); i++) {
      names.add(nodes.getJsonObject(i).getString(NodeInfo.NAME));
    }
    return names;
  }

  private static <T> Future<T> fail(int exit, String message) {
    return Future.failedFuture(new CommandFailure(exit, message));
  }
}
