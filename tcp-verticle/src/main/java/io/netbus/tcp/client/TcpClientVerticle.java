package io.netbus.tcp.client;

import io.netbus.contract.Payload;
import io.netbus.contract.framing.FrameDecoder;
import io.netbus.contract.framing.FrameTooLongException;
import io.netbus.contract.framing.Framing;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TargetGate;
import io.netbus.security.Targets;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.api.TcpConfig;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP client side on the bus, one NetClient:
 * <ul>
 *   <li>{@code netbus.tcp.request} {@code {host, port, text|data?, framing?, timeoutMs?, maxFrame?, tls?}} →
 *       {@code {text|data}}: connect, send the payload as one frame (nothing when absent), reply
 *       with the first frame that comes back;</li>
 *   <li>{@code netbus.scan} {@code {host, ports, timeoutMs?, concurrency?}} → {@code {open: [...]}}:
 *       TCP connect scan with bounded concurrency and a per-port timeout.</li>
 * </ul>
 * Failures: {@code message.fail(code, text)} with the codes in {@link TcpAddresses}. At most
 * {@code maxRequests} requests and scans are in progress at once (each holds sockets and a reply
 * buffer of up to {@code maxFrame} bytes, at most {@link TcpAddresses#MAX_REQUEST_FRAME}); more
 * fail at once with {@link TcpAddresses#BUSY}.
 * A target outside {@code tcp.targets} fails 403 naming it. {@code "tls": true} speaks TLS to the
 * target, verified against the node's {@code tls.ca} and the host name the request gives.
 */
public final class TcpClientVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpClientVerticle.class);

  public static final int DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_SCAN_TIMEOUT_MS = 1_000;
  public static final int DEFAULT_SCAN_CONCURRENCY = 100;
  public static final int MAX_SCAN_CONCURRENCY = 1_000;
  /**
   * The reply buffers of all requests in progress together may hold at most this much (the sum of
   * their {@code maxFrame}): 64 MiB, so 256 requests of 16 MiB cannot claim 4 GiB between them.
   */
  public static final long MAX_RESERVED_BYTES = 64L * 1024 * 1024;

  private final int maxRequests;
  private final NodeSecurity node;
  private final Targets targets;
  private NetClient client;
  private TargetGate gate;
  private ClientSSLOptions tls;
  private int inProgress;
  /** Sum of the maxFrame of the requests in progress: the most their reply buffers can hold. */
  private long reserved;

  /** @param maxRequests requests and scans in progress at once; more fail 503 busy */
  public TcpClientVerticle(int maxRequests) {
    this(maxRequests, NodeSecurity.NONE, Targets.ANY);
  }

  public TcpClientVerticle() {
    this(io.netbus.tcp.api.TcpConfig.DEFAULT_MAX_REQUESTS);
  }

  /**
   * @param maxRequests requests and scans in progress at once; more fail 503 busy
   * @param node the node's identity: {@code "tls": true} requests trust {@code tls.ca} and present its certificate
   * @param targets where requests and scans may connect ({@code tcp.targets})
   */
  public TcpClientVerticle(int maxRequests, NodeSecurity node, Targets targets) {
    this.maxRequests = maxRequests;
    this.node = node;
    this.targets = targets;
  }

  @Override
  public Future<?> start() {
    client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    gate = new TargetGate(vertx, targets, TcpConfig.SECTION + "." + TcpConfig.TARGETS);
    tls = node.tls().map(t -> TlsOptionsFactory.client(t).getSslOptions().copy()).orElse(null);
    // join, not all: every part settles before the start fails, so a failed start is not
    // followed by an undeploy racing parts that are still binding or registering.
    return Future.join(
        vertx.eventBus().<Object>consumer(TcpAddresses.REQUEST, this::onRequest).completion(),
        vertx.eventBus().<Object>consumer(TcpAddresses.SCAN, this::onScan).completion());
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  private void onRequest(Message<Object> message) {
    String host;
    int port;
    Buffer payload;
    Framing framing;
    int timeoutMs;
    int maxFrame;
    boolean useTls;
    try {
      JsonObject body = jsonBody(message, "{host, port, text|data, framing?, timeoutMs?}");
      host = host(body);
      port = port(body, TcpAddresses.PORT);
      payload = Payload.present(body) ? Payload.bytes(body) : null;
      String framingName = string(body, TcpAddresses.FRAMING);
      framing = Framing.of(framingName == null ? "raw" : framingName);
      timeoutMs = positive(body, TcpAddresses.TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS);
      maxFrame = positive(body, TcpAddresses.MAX_FRAME, Framing.DEFAULT_MAX_FRAME);
      if (maxFrame > TcpAddresses.MAX_REQUEST_FRAME) {
        throw new IllegalArgumentException("'" + TcpAddresses.MAX_FRAME + "': " + maxFrame + " is over the limit of "
            + TcpAddresses.MAX_REQUEST_FRAME + " bytes (16 MiB)");
      }
      useTls = flag(body, TcpAddresses.TLS);
      if (useTls && tls == null) {
        throw new IllegalArgumentException("'tls': true needs the node's tls section (its ca verifies the server)");
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      message.fail(TcpAddresses.BAD_REQUEST, e.getMessage());
      return;
    }
    if (!admit(message)) {
      return;
    }
    if (reserved + maxFrame > MAX_RESERVED_BYTES) {
      inProgress--;
      message.fail(TcpAddresses.BUSY, "busy: requests in progress on this node may already buffer "
          + reserved + " bytes of replies (at most " + MAX_RESERVED_BYTES + "); try again later or ask a smaller maxFrame");
      return;
    }
    reserved += maxFrame;
    int reservation = maxFrame;
    String peer = host + ":" + port;
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    gate.connectOptions(host, port)
        .compose(options -> {
          options.setTimeout(timeoutMs);
          return client.connect(useTls ? options.setSsl(true).setSslOptions(tls) : options);
        })
        .onFailure(err -> {
          inProgress--;
          reserved -= reservation;
          if (err instanceof TargetGate.Forbidden) {
            message.fail(TargetGate.FORBIDDEN, err.getMessage());
          } else if (err instanceof ConnectTimeoutException) {
            message.fail(TcpAddresses.TIMED_OUT, "cannot connect to " + peer + ": timed out after " + timeoutMs + " ms");
          } else {
            message.fail(TcpAddresses.CONNECT_FAILED, "cannot connect to " + peer + ": " + describe(err));
          }
        })
        .onSuccess(socket -> exchange(message, socket, peer, payload, framing, maxFrame, timeoutMs,
            Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
  }

  private void exchange(Message<Object> message, NetSocket socket, String peer, Buffer payload, Framing framing,
      int maxFrame, int timeoutMs, long remainingMs) {
    FrameDecoder decoder = framing.decoder(maxFrame);
    Promise<Buffer> reply = Promise.promise();
    long timer = vertx.setTimer(remainingMs, t -> reply.tryFail(new Failure(TcpAddresses.TIMED_OUT,
        "no reply from " + peer + " within " + timeoutMs + " ms")));
    socket.handler(chunk -> {
      try {
        decoder.decode(chunk, frame -> reply.tryComplete(frame.copy()));
      } catch (FrameTooLongException e) {
        reply.tryFail(new Failure(TcpAddresses.TOO_LONG, "reply from " + peer + ": " + e.getMessage()));
      }
    });
    socket.closeHandler(v -> reply.tryFail(new Failure(TcpAddresses.CLOSED_EARLY,
        peer + " closed the connection before a " + (decoder.buffered() > 0 ? "whole " : "") + "reply")));
    socket.exceptionHandler(err -> reply.tryFail(new Failure(TcpAddresses.CLOSED_EARLY,
        "connection to " + peer + " failed: " + describe(err))));
    if (payload != null) {
      socket.write(framing.encode(payload));
    }
    reply.future().onComplete(ar -> {
      inProgress--;
      reserved -= maxFrame;
      vertx.cancelTimer(timer);
      socket.close();
      if (ar.succeeded()) {
        message.reply(Payload.put(new JsonObject(), ar.result()));
      } else if (ar.cause() instanceof Failure f) {
        message.fail(f.code, f.getMessage());
      } else {
        message.fail(TcpAddresses.CLOSED_EARLY, describe(ar.cause()));
      }
    });
  }

  private void onScan(Message<Object> message) {
    String host;
    List<Integer> ports;
    int timeoutMs;
    int concurrency;
    try {
      JsonObject body = jsonBody(message, "{host, ports, timeoutMs?, concurrency?}");
      host = host(body);
      Object spec = body.getValue(TcpAddresses.PORTS);
      if (spec instanceof Number n) {
        spec = String.valueOf(n.intValue());
      }
      if (!(spec instanceof String s)) {
        throw new IllegalArgumentException("'ports' is required: a string like \"22,80,8000-8100\"");
      }
      ports = PortRanges.parse(s);
      timeoutMs = positive(body, TcpAddresses.TIMEOUT_MS, DEFAULT_SCAN_TIMEOUT_MS);
      concurrency = Math.min(MAX_SCAN_CONCURRENCY, positive(body, TcpAddresses.CONCURRENCY, DEFAULT_SCAN_CONCURRENCY));
    } catch (IllegalArgumentException | ClassCastException e) {
      message.fail(TcpAddresses.BAD_REQUEST, e.getMessage());
      return;
    }
    if (!admit(message)) {
      return;
    }
    gate.resolve(host, ports)
        .compose(address -> new Scan(address == null ? host : address.getHostAddress(), ports, timeoutMs, concurrency).run())
        .onComplete(ar -> inProgress--)
        .onSuccess(open -> message.reply(new JsonObject().put(TcpAddresses.OPEN, new JsonArray(open))))
        .onFailure(err -> message.fail(err instanceof TargetGate.Forbidden ? TargetGate.FORBIDDEN
            : TcpAddresses.CONNECT_FAILED, err.getMessage()));
  }

  /** Counts the request in, or fails it 503 busy when {@code maxRequests} are already in progress. */
  private boolean admit(Message<Object> message) {
    if (inProgress >= maxRequests) {
      message.fail(TcpAddresses.BUSY, "busy: " + maxRequests + " requests (" + TcpAddresses.REQUEST + ", "
          + TcpAddresses.SCAN + ") are in progress on this node (tcp.maxRequests); try again later");
      return false;
    }
    inProgress++;
    return true;
  }

  /** One scan: at most {@code concurrency} connects in flight; all on this verticle's event loop. */
  private final class Scan {
    private final String host;
    private final List<Integer> ports;
    private final int timeoutMs;
    private final int concurrency;
    private final List<Integer> open = new ArrayList<>();
    private final Promise<List<Integer>> done = Promise.promise();
    private int next;
    private int active;

    Scan(String host, List<Integer> ports, int timeoutMs, int concurrency) {
      this.host = host;
      this.ports = ports;
      this.timeoutMs = timeoutMs;
      this.concurrency = concurrency;
    }

    Future<List<Integer>> run() {
      launch();
      return done.future();
    }

    private void launch() {
      while (active < concurrency && next < ports.size()) {
        int port = ports.get(next++);
        active++;
        client.connect(new ConnectOptions().setHost(host).setPort(port).setTimeout(timeoutMs)).onComplete(ar -> {
          active--;
          if (ar.succeeded()) {
            open.add(port);
            ar.result().close();
          } else if (isUnknownHost(ar.cause())) {
            // no port of a name that does not resolve is open: say so instead of "none open".
            next = ports.size();
            done.tryFail("unknown host " + host + ": " + ar.cause().getMessage());
          }
          launch();
        });
      }
      if (active == 0 && next >= ports.size()) {
        Collections.sort(open);
        LOG.debug("scan of {}: {} of {} ports open", host, open.size(), ports.size());
        done.tryComplete(open);
      }
    }
  }

  private static boolean isUnknownHost(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static final class Failure extends RuntimeException {
    final int code;

    Failure(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  private static JsonObject jsonBody(Message<Object> message, String shape) {
    if (message.body() instanceof JsonObject json) {
      return json;
    }
    throw new IllegalArgumentException("expected a JSON object " + shape);
  }

  /** The value of {@code key}: absent → null; anything but a whole number is refused, naming the key and the value. */
  private static Integer wholeNumber(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) {
      return null;
    }
    if ((v instanceof Integer || v instanceof Long || v instanceof Short) && ((Number) v).longValue() == ((Number) v).intValue()) {
      return ((Number) v).intValue();
    }
    throw new IllegalArgumentException("'" + key + "' must be a whole number, not " + Json.encode(v));
  }

  private static boolean flag(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    throw new IllegalArgumentException("'" + key + "' must be true or false, not " + Json.encode(v));
  }

  private static String string(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new IllegalArgumentException("'" + key + "' must be a string, not " + Json.encode(v));
  }

  private static String host(JsonObject body) {
    String host = string(body, TcpAddresses.HOST);
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("'host' is required");
    }
    return host.trim();
  }

  private static int port(JsonObject body, String key) {
    Integer port = wholeNumber(body, key);
    if (port == null) {
      throw new IllegalArgumentException("'" + key + "' is required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("'" + key + "': " + port + " is not a port (1-65535)");
    }
    return port;
  }

  private static int positive(JsonObject body, String key, int fallback) {
    Integer n = wholeNumber(body, key);
    if (n == null) {
      return fallback;
    }
    if (n <= 0) {
      throw new IllegalArgumentException("'" + key + "': " + n + " must be greater than 0");
    }
    return n;
  }

  static String describe(Throwable err) {
    String m = err.getMessage();
    if (m == null) {
      return err.getClass().getSimpleName();
    }
    // netty prefixes "Connection refused: /127.0.0.1:1234"; keep the reason
    int colon = m.indexOf(": ");
    return m.startsWith("Connection refused") ? "connection refused" : colon > 0 && m.contains("/") ? m.substring(0, colon) : m;
  }
}
