package io.netbus.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.AuthSection;
import io.netbus.security.NetRules;
import io.netbus.security.NodeSecurity;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP side: {@code /metrics} (Prometheus text), {@code /health}, the console page
 * and its JSON API, and the SockJS bridge of the console's live tail, on one server bound to
 * {@code metrics.host:port}, over HTTPS with the node's identity when {@code metrics.tls} is on.
 * Peers outside {@code allow} or inside {@code deny} are closed on connect, before a byte is read
 * (and before the TLS handshake, which starts only for admitted peers: {@link ConsoleTls}). With an {@code auth} section every data route and
 * every tail registration must name a client ({@link ConsoleAuth}); the page's own files carry
 * no data and stay open, so a browser can load the page that asks for the token.
 */
public final class ConsoleVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);
  /** The page and its assets, all in the jar. */
  static final String WEB_ROOT = "io/netbus/console/web";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final NodeSecurity security;
  private final ConsoleContext node;
  private ConsoleConfig config;
  private ConsoleAuth auth;
  private TailPolicy tailPolicy;
  private PrometheusMeterRegistry registry;
  private NetbusMeters meters;
  private NetRules rules;
  private HttpServer server;
  /** Null when {@code metrics.tls} is off. */
  private ConsoleTls tls;
  private HealthCheckHandler fullHealth;
  private HealthCheckHandler briefHealth;

  /** A console on a node without {@code tls}, {@code auth}, {@code file} or {@code bridge} sections. */
  public ConsoleVerticle() {
    this(NodeSecurity.NONE, ConsoleContext.NONE);
  }

  /** A console with the node's identity and clients, and what it reads of the node's other sections. */
  public ConsoleVerticle(NodeSecurity security, ConsoleContext node) {
    this.security = security;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    config = ConsoleConfig.from(config(), security);
    rules = config.rules();
    // load balancers and systemd probe health without credentials where the server is not exposed, or says so
    boolean healthOpen = config.insecure() || config.onLoopback() || config.healthOpen();
    auth = new ConsoleAuth(security.auth(), healthOpen);
    tailPolicy = new TailPolicy(node, security.auth());
    registry = NodeMetrics.registry(vertx).orElseGet(() -> {
      LOG.warn("Vert.x was built without metrics: /metrics shows netbus's own meters only");
      return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    });
    meters = new NetbusMeters(registry, NodeStats.of(vertx), () -> VertxInternals.clusterMembers(vertx));
    // Plaintext HTTP/1.x with h2c off: the connection handler then runs before the first read,
    // so the network rules close a refused peer before any byte, and TLS starts there (ConsoleTls).
    HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setHttp2ClearTextEnabled(false);
    tls = config.security().tls() ? new ConsoleTls(security.requireTls(), config.security()) : null;
    server = vertx.createHttpServer(options)
        .connectionHandler(this::onConnection)
        .requestHandler(router());
    return server.listen()
        .recover(err -> Future.failedFuture(new ConfigException(ConsoleConfig.SECTION + ".port",
            "cannot listen on " + config.host() + ":" + config.port() + ": " + err.getMessage(), err)))
        .onSuccess(s -> LOG.info("console and metrics on {}://{}:{}/ ({})", tls != null ? "https" : "http",
            config.host(), s.actualPort(), auth.required() ? "auth clients only" : "no authentication"));
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
    StatusApi api = new StatusApi(vertx);
    HealthChecks checks = new HealthProcedures(vertx, config.diskPaths(node), config.minFreeMb())
        .register(HealthChecks.create(vertx));
    fullHealth = HealthCheckHandler.createWithHealthChecks(checks);
    briefHealth = HealthCheckHandler.createWithHealthChecks(checks)
        .resultMapper(result -> Future.succeededFuture(brief(result)));
    router.get(ConsoleAddresses.HEALTH_PATH).handler(auth::onHealth).handler(this::onHealth);
    router.route(ConsoleAddresses.METRICS_PATH).handler(auth::onRequest);
    router.route(ConsoleAddresses.API_PATHS).handler(auth::onRequest);
    router.get(ConsoleAddresses.METRICS_PATH).handler(this::onMetrics);
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
   * A registration names its client (with an {@code auth} section) and passes the tail policy;
   * a browser that cannot keep up misses tail lines instead of growing the node's memory.
   */
  private void onBridgeEvent(BridgeEvent event) {
    if (event.type() == BridgeEventType.REGISTER) {
      onRegister(event);
    } else {
      event.complete(event.type() != BridgeEventType.RECEIVE || !event.socket().writeQueueFull());
    }
  }

  private void onRegister(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    String address = frame == null ? null : frame.getString("address");
    Optional<AuthSection.Client> client = Optional.empty();
    if (auth.required()) {
      RoutingContext upgrade = event.socket().routingContext();
      client = auth.tailClient(frame, upgrade == null ? null : upgrade.request().connection());
      if (client.isEmpty()) {
        LOG.debug("tail of {} refused for {}: no auth client named", address, event.socket().remoteAddress());
        event.complete(false);
        return;
      }
    }
    event.complete(tailPolicy.permits(client, address));
  }

  /** The checks' data for callers that may see it; only the verdicts for the others. */
  private void onHealth(RoutingContext ctx) {
    (auth.full(ctx) ? fullHealth : briefHealth).handle(ctx);
  }

  /** {@code /health} for a caller without credentials: the verdict of each check, not its data. */
  private static CheckResult brief(CheckResult full) {
    CheckResult result = new CheckResult().setId(full.getId())
        .setStatus(CheckResult.isUp(full) ? Status.OK() : Status.KO());
    if (full.getChecks() != null) {
      result.setChecks(full.getChecks().stream().map(ConsoleVerticle::brief).toList());
    }
    return result;
  }

  private void onMetrics(RoutingContext ctx) {
    meters.refresh();
    ctx.response().putHeader("content-type", PROMETHEUS_TEXT).end(registry.scrape());
  }

  private void onConnection(HttpConnection connection) {
    if (!rules.permits(connection.remoteAddress().hostAddress())) {
      LOG.debug("refused {}: metrics.allow/deny", connection.remoteAddress());
      connection.close();
    } else if (tls != null) {
      tls.handshake(connection).onFailure(err -> {
        LOG.debug("TLS handshake with {} failed: {}", connection.remoteAddress(), rootMessage(err));
        connection.close();
      });
    }
  }

  private static String rootMessage(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
