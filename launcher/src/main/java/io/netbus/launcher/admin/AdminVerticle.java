package io.netbus.launcher.admin;

import io.netbus.contract.ConfigException;
import io.netbus.contract.NodeInfo;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.contract.stats.TransferStats;
import io.netbus.launcher.node.Deployments;
import io.netbus.launcher.node.NodeNames;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin API on the bus (see {@link AdminAddresses}): status, the cluster's nodes, and
 * run-time changes (deploy, undeploy, reload), which {@link Deployments} applies one at a time.
 * Every operation is consumed twice: as {@code netbus.admin.<name>.<op>} for the whole cluster and
 * as {@code netbus.admin.local.<op>} on this node only.
 */
public final class AdminVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AdminVerticle.class);
  /** How long {@code nodes} waits for each node's status; a node slower than that is unreachable. */
  static final long NODE_TIMEOUT_MS = 2000;

  private final Deployments deployments;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private NodeInfo self;

  public AdminVerticle(Deployments deployments) {
    this.deployments = deployments;
  }

  @Override
  public Future<?> start() {
    self = NodeInfo.of(vertx);
    EventBus bus = vertx.eventBus();
    Map<String, Function<JsonObject, Future<JsonObject>>> ops = Map.of(
        AdminAddresses.STATUS, body -> Future.succeededFuture(status()),
        AdminAddresses.NODES, body -> nodes(),
        AdminAddresses.DEPLOY, body -> deploy(body).map(this::signed),
        AdminAddresses.UNDEPLOY, body -> undeploy(body).map(this::signed),
        AdminAddresses.RELOAD, body -> deployments.reload().map(this::signed));
    ops.forEach((op, handler) -> {
      consumers.add(bus.<Object>consumer(AdminAddresses.of(self.name(), op), msg -> answer(msg, handler)));
      consumers.add(bus.<Object>localConsumer(AdminAddresses.local(op), msg -> answer(msg, handler)));
    });
    consumers.add(bus.<JsonObject>consumer(AdminAddresses.JOINED, this::onJoined));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(v -> {
          if (vertx.isClustered()) {
            bus.publish(AdminAddresses.JOINED, new JsonObject().put(NodeInfo.NAME, self.name())
                .put(NodeInfo.ADDRESS, self.clusterAddress()));
          }
        });
  }

  /** A change's reply names the node that made it (the CLI may not know it). */
  private JsonObject signed(JsonObject reply) {
    return reply.put(AdminAddresses.NODE, self.name());
  }

  private void answer(Message<Object> msg, Function<JsonObject, Future<JsonObject>> handler) {
    JsonObject body = msg.body() instanceof JsonObject json ? json : new JsonObject();
    Future<JsonObject> reply;
    try {
      reply = handler.apply(body);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onSuccess(msg::reply).onFailure(err -> {
      int code = err instanceof AdminException ae ? ae.code()
          : err instanceof ConfigException ? AdminAddresses.BAD_REQUEST : AdminAddresses.FAILED;
      if (code == AdminAddresses.FAILED) {
        LOG.warn("admin {} failed", msg.address(), err);
      }
      msg.fail(code, err.getMessage() == null ? err.toString() : err.getMessage());
    });
  }

  /** This node: who it is, its listeners (with where each came from), its transfers in progress. */
  private JsonObject status() {
    NodeStats stats = NodeStats.of(vertx);
    return new JsonObject()
        .put(AdminAddresses.NODE, NodeInfo.of(vertx).toJson())
        .put(AdminAddresses.LISTENERS, new JsonArray(stats.listeners().stream().map(ListenerStats::toJson).toList()))
        .put(AdminAddresses.TRANSFERS, new JsonArray(stats.transfers().stream().map(TransferStats::toJson).toList()));
  }

  /** Every registered node with its summary; one that does not answer within the timeout is unreachable. */
  private Future<JsonObject> nodes() {
    return NodeNames.registry(vertx).compose(registry -> {
      List<Future<JsonObject>> rows = new ArrayList<>();
      registry.forEach((name, entry) -> {
        Future<JsonObject> status = name.equals(self.name()) ? Future.succeededFuture(status())
            : vertx.eventBus().<JsonObject>request(AdminAddresses.of(name, AdminAddresses.STATUS), new JsonObject(),
                new DeliveryOptions().setSendTimeout(NODE_TIMEOUT_MS)).map(Message::body);
        rows.add(status.map(AdminVerticle::summary).otherwise(err -> new JsonObject().put(NodeInfo.NAME, name)
            .put(NodeInfo.ADDRESS, NodeNames.addressOf(entry)).put(AdminAddresses.REACHABLE, false)));
      });
      return Future.join(rows).map(v -> new JsonObject().put(AdminAddresses.NODES_FIELD,
          new JsonArray(rows.stream().map(Future::result).toList())));
    });
  }

  /** One row of {@code nodes}: a node's status in five numbers. */
  static JsonObject summary(JsonObject status) {
    JsonObject node = status.getJsonObject(AdminAddresses.NODE, new JsonObject());
    JsonArray listeners = status.getJsonArray(AdminAddresses.LISTENERS, new JsonArray());
    long connections = 0;
    for (int i = 0; i < listeners.size(); i++) {
      connections += listeners.getJsonObject(i).getLong(ListenerStats.CONNECTIONS, 0L);
    }
    return new JsonObject().put(NodeInfo.NAME, node.getString(NodeInfo.NAME))
        .put(NodeInfo.ADDRESS, node.getString(NodeInfo.ADDRESS))
        .put(NodeInfo.UPTIME_MS, node.getLong(NodeInfo.UPTIME_MS))
        .put(AdminAddresses.LISTENERS, listeners.size())
        .put(ListenerStats.CONNECTIONS, connections)
        .put(AdminAddresses.REACHABLE, true);
  }

  private Future<JsonObject> deploy(JsonObject body) {
    String kind = body.getValue(AdminAddresses.KIND) instanceof String s ? s : null;
    JsonObject listener = body.getValue(AdminAddresses.LISTENER) instanceof JsonObject l ? l : null;
    if (kind == null || listener == null) {
      throw new AdminException(AdminAddresses.BAD_REQUEST, "deploy needs {\"kind\": \"tcp|udp|file\", \"listener\": {...}}");
    }
    return deployments.deploy(kind, listener);
  }

  private Future<JsonObject> undeploy(JsonObject body) {
    String name = body.getValue(AdminAddresses.NAME) instanceof String s ? s : null;
    if (name == null) {
      throw new AdminException(AdminAddresses.BAD_REQUEST, "undeploy needs {\"name\": \"LISTENER\"}");
    }
    return deployments.undeploy(name, body.getValue(AdminAddresses.KIND) instanceof String k ? k : null);
  }

  private void onJoined(Message<JsonObject> msg) {
    String name = msg.body().getString(NodeInfo.NAME);
    if (!self.name().equals(name)) {
      NodeNames.registry(vertx).onSuccess(all -> LOG.info("node {} ({}) joined the cluster: {} node(s): {}", name,
          msg.body().getString(NodeInfo.ADDRESS), all.size(), String.join(", ", all.keySet())));
    }
  }
}
