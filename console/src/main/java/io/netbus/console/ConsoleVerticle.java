package io.netbus.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.NetRules;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP side: {@code /metrics} (Prometheus text), {@code /health}, the console page
 * and its JSON API, and the SockJS bridge of the console's live tail, on one server bound to
 * {@code metrics.host:port}. Peers outside {@code allow} or inside {@code deny} are closed on
 * connect, before a byte is read.
 */
public final class ConsoleVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);
  /** The page and its assets, all in the jar. */
  static final String WEB_ROOT = "io/netbus/console/web";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** The admin API and netbus's internal addresses: closed to the tail under any rule. */
  static final List<String> CLOSED_PREFIXES = List.of("netbus.admin.", "netbus.internal.");

  private ConsoleConfig config;
  private PrometheusMeterRegistry registry;
  private NetbusMeters meters;
  private NetRules rules;
  private HttpServer server;

  @Override
  public Future<?> start() {
    config = ConsoleConfig.from(config());
    rules = config.rules();
    registry = NodeMetrics.registry(vertx).orElseGet(() -> {
      LOG.warn("Vert.x was built without metrics: /metrics shows netbus's own meters only");
      return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    });
    meters = new NetbusMeters(registry, NodeStats.of(vertx), () -> VertxInternals.clusterMembers(vertx));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .connectionHandler(this::onConnection)
        .requestHandler(router());
    return server.listen()
        .recover(err -> Future.failedFuture(new ConfigException(ConsoleConfig.SECTION + ".port",
            "cannot listen on " + config.host() + ":" + config.port() + ": " + err.getMessage(), err)))
        .onSuccess(s -> LOG.info("console and metrics on http://{}:{}/", config.host(), s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    meters.close();
    return Future.succeededFuture();
  }

  /** The port actually bound (for {@code "port": 0}). */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(new BrowserGuard(config.onLoopback())::onRequest);
    // Hook for the security section: its Bearer-token (or client-certificate) check goes here,
    // once metrics.tls can be turned on; until then the server stays on loopback.
    StatusApi api = new StatusApi(vertx);
    router.get(ConsoleAddresses.METRICS_PATH).handler(this::onMetrics);
    router.get(ConsoleAddresses.HEALTH_PATH).handler(HealthCheckHandler.createWithHealthChecks(
        new HealthProcedures(vertx, config).register(HealthChecks.create(vertx))));
    router.get(ConsoleAddresses.STATUS_PATH).handler(api::onStatus);
    router.get(ConsoleAddresses.NODES_PATH).handler(api::onNodes);
    router.route(ConsoleAddresses.TAIL_PATH).subRouter(tailBridge());
    router.get().handler(StaticHandler.create(WEB_ROOT).setCachingEnabled(false));
    return router;
  }

  /** Receive-only: the tail may register for the {@code tail} addresses and send nothing. */
  private Router tailBridge() {
    SockJSBridgeOptions options = new SockJSBridgeOptions().setMaxHandlersPerSocket(4);
    config.tail().forEach(regex -> options.addOutboundPermitted(new PermittedOptions().setAddressRegex(regex)));
    return SockJSHandler.create(vertx).bridge(options, this::onBridgeEvent);
  }

  /**
   * The node's own control traffic is never tailed, whatever the rules say; and a browser that
   * cannot keep up misses tail lines instead of growing the node's memory.
   */
  private void onBridgeEvent(BridgeEvent event) {
    if (event.type() == BridgeEventType.REGISTER) {
      String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
      event.complete(address != null && CLOSED_PREFIXES.stream().noneMatch(address::startsWith));
    } else {
      event.complete(event.type() != BridgeEventType.RECEIVE || !event.socket().writeQueueFull());
    }
  }

  private void onMetrics(RoutingContext ctx) {
    meters.refresh();
    ctx.response().putHeader("content-type", PROMETHEUS_TEXT).end(registry.scrape());
  }

  private void onConnection(HttpConnection connection) {
    if (!rules.permits(connection.remoteAddress().hostAddress())) {
      LOG.debug("refused {}: metrics.allow/deny", connection.remoteAddress());
      connection.close();
    }
  }
}
