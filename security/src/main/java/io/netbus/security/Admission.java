package io.netbus.security;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a TCP peer in, or not, for one listener: its {@code allow}/{@code deny} rules first (a
 * refused peer is closed before a byte is read or written), then TLS. The listener's server is
 * bound plaintext and each admitted socket gets its TLS handler from the connect handler
 * ({@link ServerTlsAdapter}), so the rules run before the handshake rather than after it, and a
 * failed handshake is reported with the peer's address (Vert.x's server-level handshake errors
 * carry none): one debug line per failure, no stack trace, so a storm of bad clients cannot flood
 * the log at the default level. The socket is paused during the handshake and handed over, on
 * its own context, once the handshake succeeded.
 */
public final class Admission {

  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  private final String what;
  private final NetRules rules;
  private final ListenerSecurity listener;
  private final TlsSection identity;
  private final Runnable onRefused;
  private final boolean fastEngine;
  private volatile SslContext sslContext;

  /**
   * @param what how log lines name the listener, e.g. {@code tcp upper}
   * @param listener its security keys (already checked against the node)
   * @param node the node's identity, needed when the listener serves TLS
   * @param onRefused counts a refused peer (metrics), may be null
   */
  public Admission(String what, ListenerSecurity listener, NodeSecurity node, Runnable onRefused) {
    this(what, listener, node, onRefused, false);
  }

  /**
   * @param fastEngine serve TLS with {@link TlsEngine}'s choice (BoringSSL when it loads) rather
   *     than the JDK's engine: only for protocols that never write after the client's
   *     close_notify (Netty's OpenSSL engine closes both directions when it arrives; the JDK's
   *     keeps writing, so a {@code socat} client that ends its input still gets its replies)
   */
  public Admission(String what, ListenerSecurity listener, NodeSecurity node, Runnable onRefused, boolean fastEngine) {
    this.fastEngine = fastEngine;
    this.what = what;
    this.rules = listener.rules();
    this.listener = listener;
    this.identity = listener.tls() ? node.requireTls() : null;
    this.onRefused = onRefused == null ? () -> { } : onRefused;
  }

  /** True when admitted sockets speak TLS. */
  public boolean tls() {
    return identity != null;
  }

  /**
   * Builds the TLS context once, on a worker thread, before the listener binds: TLS 1.2/1.3,
   * the node's certificate, {@code tls.ca} for client certificates, the listener's client
   * authentication, on the JDK's engine or (fastEngine) {@link TlsEngine}'s. One context per listener instance,
   * shared by all its connections. (Loading BoringSSL, or Netty's first JDK server context's
   * one-time self-test, takes seconds on a slow machine; it must not run on an event loop.)
   */
  public Future<Void> prepare(Vertx vertx) {
    if (identity == null || sslContext != null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> ServerContexts.build(identity, listener,
            fastEngine ? TlsEngine.provider() : SslProvider.JDK, what), false)
        .onSuccess(context -> sslContext = context)
        .mapEmpty();
  }

  /**
   * Runs {@code admitted} with the socket once it may be served (after the TLS handshake when the
   * listener has TLS); closes it otherwise. Call from the server's connect handler, before any
   * handler is set on the socket, after {@link #prepare} completed.
   */
  public void admit(NetSocket socket, Handler<NetSocket> admitted) {
    SocketAddress remote = socket.remoteAddress();
    String ip = remote == null ? null : remote.hostAddress();
    if (!rules.isOpen() && !rules.permits(ip)) {
      onRefused.run();
      LOG.debug("{}: refused {} (allow/deny)", what, peer(remote));
      socket.close();
      return;
    }
    if (identity == null) {
      admitted.handle(socket);
      return;
    }
    if (sslContext == null || !ServerTlsAdapter.supported(socket)) {
      LOG.warn("{}: cannot serve TLS to {} (this Vert.x gives no access to the socket's pipeline)", what, peer(remote));
      socket.close();
      return;
    }
    Context context = Vertx.currentContext();
    socket.pause();
    // the handshake's failure travels the pipeline too; it is logged once, below, with the peer
    socket.exceptionHandler(err -> { });
    ServerTlsAdapter.startHandshake(socket, sslContext, failure -> context.runOnContext(v -> {
      if (failure != null) {
        LOG.debug("{}: TLS handshake with {} failed: {}", what, peer(remote), reason(failure));
        socket.close();
        return;
      }
      // resume first: the reads held during the handshake are handed over by a task queued behind
      // this one, so the handler set below sees them, and a handler that pauses the socket (a
      // forwarder dialling its target) keeps it paused
      socket.resume();
      admitted.handle(socket);
    }));
  }
  /** The CN of the socket's verified client certificate, or null (no TLS, no certificate, no CN). */
  public static String clientCn(NetSocket socket) {
    if (!socket.isSsl()) {
      return null;
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate cert)) {
        return null;
      }
      return cn(cert);
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** The CN of {@code cert}'s subject, or null when it has none (a verified client certificate names its client so). */
  public static String cn(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      LOG.debug("unreadable certificate subject {}: {}", cert.getSubjectX500Principal(), e.getMessage());
    }
    return null;
  }

  private static String peer(SocketAddress remote) {
    return remote == null ? "?" : remote.hostAddress() != null ? remote.hostAddress() + ":" + remote.port() : remote.toString();
  }

  private static String reason(Throwable err) {
    Throwable root = err;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
