package io.netbus.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MetricsService;
import io.vertx.micrometer.impl.MetricsServiceImpl;

/**
 * The console's one adapter to Vert.x internals, for what no public API tells or does: the
 * Micrometer registry an instance was built with, the cluster manager's member list, and TLS put
 * on an HTTP connection by the connection handler (see {@link ConsoleTls}). A canary test
 * ({@code VertxInternalsTest}) fails loudly when an upgrade moves them; the TLS tests of
 * {@code ConsoleSecurityTest} fail when the last one breaks.
 */
final class VertxInternals {

  private VertxInternals() {
  }

  /** The registry of {@code vertx}'s Micrometer metrics, or null when it has none. */
  static MeterRegistry meterRegistry(Vertx vertx) {
    return MetricsService.create(vertx) instanceof MetricsServiceImpl impl ? impl.getRegistry() : null;
  }

  /** Members of the cluster {@code vertx} is in; 0 when standalone or not (yet) joined. */
  static int clusterMembers(Vertx vertx) {
    ClusterManager cm = clusterManager(vertx);
    return cm == null || !cm.isActive() ? 0 : cm.getNodes().size();
  }

  /** Is {@code vertx} clustered and its cluster manager joined? */
  static boolean clusterJoined(Vertx vertx) {
    ClusterManager cm = clusterManager(vertx);
    return cm != null && cm.isActive();
  }

  /**
   * Starts server-side TLS on an HTTP/1.x connection that has read nothing yet (its server runs
   * the connection handler while it sets the channel up, before the first read, when h2c is
   * off): Netty's TLS handler goes to the head of the pipeline, where Vert.x puts its own, so
   * Vert.x then reports the connection as TLS ({@code isSsl}, {@code peerCertificates}) and
   * writes files through the chunked writer added here rather than as file regions TLS cannot
   * carry. Completes when the handshake is done; fails with its cause, or when the connection is
   * not Vert.x's implementation.
   */
  static Future<Void> startTls(HttpConnection connection, SslContext context, long handshakeTimeoutMs) {
    if (!(connection instanceof ConnectionBase base)) {
      return Future.failedFuture(new IllegalStateException("cannot add TLS to a " + connection.getClass().getName()));
    }
    ChannelHandlerContext chctx = base.channelHandlerContext();
    SslHandler ssl = context.newHandler(chctx.alloc());
    ssl.setHandshakeTimeoutMillis(handshakeTimeoutMs);
    Promise<Void> done = Promise.promise();
    ssl.handshakeFuture().addListener(f -> {
      if (f.isSuccess()) {
        done.tryComplete();
      } else {
        done.tryFail(f.cause());
      }
    });
    chctx.pipeline().addFirst("ssl", ssl);
    if (chctx.pipeline().get(ChunkedWriteHandler.class) == null) {
      chctx.pipeline().addAfter("ssl", "chunkedWriter", new ChunkedWriteHandler());
    }
    return done.future();
  }

  private static ClusterManager clusterManager(Vertx vertx) {
    return vertx.isClustered() && vertx instanceof VertxInternal vi ? vi.clusterManager() : null;
  }
}
