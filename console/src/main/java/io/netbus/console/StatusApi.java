package io.netbus.console;

import io.netbus.contract.NodeInfo;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.contract.stats.TransferStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's JSON: {@code /api/status[?node=N]} (a node's identity, listeners with their live
 * counters, transfers in progress) and {@code /api/nodes} (the cluster's members). This node
 * answers from its own {@link NodeStats}; other nodes are asked over the bus through the admin
 * API ({@code netbus.admin.<node>.*}). When no admin API answers, {@code /api/nodes} lists this
 * node alone rather than failing.
 */
final class StatusApi {

  private static final Logger LOG = LoggerFactory.getLogger(StatusApi.class);
  static final long BUS_TIMEOUT_MS = 3000;

  private final Vertx vertx;

  StatusApi(Vertx vertx) {
    this.vertx = vertx;
  }

  void onStatus(RoutingContext ctx) {
    String node = ctx.request().getParam(ConsoleAddresses.NODE_PARAM);
    String self = NodeInfo.of(vertx).name();
    Future<JsonObject> status = node == null || node.equals(self) ? Future.succeededFuture(localStatus())
        : ask(ConsoleAddresses.status(node));
    status.onSuccess(json -> json(ctx, 200, json))
        .onFailure(err -> json(ctx, 502, new JsonObject().put("error", "node " + node + " did not answer: "
            + err.getMessage())));
  }

  void onNodes(RoutingContext ctx) {
    Future<JsonObject> nodes = vertx.isClustered()
        ? ask(ConsoleAddresses.LOCAL_NODES).recover(err -> {
            LOG.debug("no admin API answered for the node list; showing this node alone", err);
            return Future.succeededFuture(localNodes());
          })
        : Future.succeededFuture(localNodes());
    nodes.onSuccess(json -> json(ctx, 200, json));
  }

  /** This node's status, in the admin API's form. */
  JsonObject localStatus() {
    NodeStats stats = NodeStats.of(vertx);
    JsonArray listeners = new JsonArray();
    stats.listeners().forEach(l -> listeners.add(l.toJson()));
    JsonArray transfers = new JsonArray();
    stats.transfers().stream().map(TransferStats::toJson).forEach(transfers::add);
    return new JsonObject().put(ConsoleAddresses.NODE, NodeInfo.of(vertx).toJson())
        .put(ConsoleAddresses.LISTENERS, listeners).put(ConsoleAddresses.TRANSFERS, transfers);
  }

  private JsonObject localNodes() {
    NodeInfo info = NodeInfo.of(vertx);
    var listeners = NodeStats.of(vertx).listeners();
    JsonObject node = info.toJson().put(ConsoleAddresses.LISTENERS, listeners.size())
        .put(ConsoleAddresses.CONNECTIONS, listeners.stream().mapToLong(ListenerStats::connections).sum());
    return new JsonObject().put(ConsoleAddresses.NODES, new JsonArray().add(node));
  }

  private Future<JsonObject> ask(String address) {
    return vertx.eventBus().<Object>request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .map(Message::body)
        .compose(body -> body instanceof JsonObject j ? Future.succeededFuture(j)
            : Future.failedFuture("unexpected answer from " + address));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
