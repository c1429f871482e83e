package io.netbus.console;

import io.netbus.security.Admission;
import io.netbus.security.AuthSection;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is asking, when the node has an {@code auth} section: an {@code Authorization: Bearer}
 * token of an {@code auth} client (checked by SHA-256 in constant time, never logged) or, without
 * that header, a verified client certificate whose CN names a client. A request that names no
 * client gets 401 with {@code WWW-Authenticate: Bearer}; a token that is present but wrong is
 * refused even when a certificate would have named a client, so a typo never passes silently.
 * Without an {@code auth} section every request passes (on loopback, or with {@code insecure},
 * or behind {@code clientAuth: required}, where the TLS handshake already checked the peer).
 */
final class ConsoleAuth {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleAuth.class);
  /** Where an authenticated request keeps its client, for the handlers after this one. */
  static final String CLIENT = "netbus.client";
  static final String BEARER = "bearer ";
  /** The header field of a tail's register frame that carries the token, as on the TCP bridge. */
  static final String TOKEN_HEADER = "token";

  private final AuthSection auth;
  private final boolean healthOpen;

  /**
   * @param healthOpen {@code /health} answers callers without credentials (with its verdict only)
   */
  ConsoleAuth(Optional<AuthSection> auth, boolean healthOpen) {
    this.auth = auth.orElse(null);
    this.healthOpen = healthOpen;
  }

  /** True when requests must name a client. */
  boolean required() {
    return auth != null;
  }

  /** Guards a data route: passes a request that names a client, answers 401 otherwise. */
  void onRequest(RoutingContext ctx) {
    if (auth == null) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    Optional<AuthSection.Client> client = header != null ? auth.authenticateToken(bearer(header))
        : auth.byCn(certificateCn(ctx.request().connection()));
    if (client.isPresent()) {
      ctx.put(CLIENT, client.get());
      ctx.next();
    } else if (header != null) {
      refuse(ctx, "invalid_token", "the token is not one of an auth client");
    } else {
      refuse(ctx, null, "send Authorization: Bearer <token> of an auth client (or its client certificate)");
    }
  }

  /**
   * Guards {@code /health}: like {@link #onRequest}, except that a caller without any credentials
   * passes when health is open (it then gets the verdict without details, see {@link #full}).
   */
  void onHealth(RoutingContext ctx) {
    boolean bare = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null
        && certificateCn(ctx.request().connection()) == null;
    if (healthOpen && bare) {
      ctx.next();
    } else {
      onRequest(ctx);
    }
  }

  /** Does this request see full details (no auth needed, or it named a client)? */
  boolean full(RoutingContext ctx) {
    return auth == null || ctx.get(CLIENT) != null;
  }

  /**
   * The client a tail's register frame names, by its {@code headers.token} or else by the
   * WebSocket's client certificate; empty when it names none. Browsers cannot put an
   * {@code Authorization} header on a WebSocket, so the tail authenticates in the frames, as
   * TCP bridge clients do. The token is removed from the frame.
   */
  Optional<AuthSection.Client> tailClient(JsonObject frame, HttpConnection connection) {
    JsonObject headers = frame == null ? null : frame.getValue("headers") instanceof JsonObject h ? h : null;
    Object token = headers == null ? null : headers.remove(TOKEN_HEADER);
    if (token != null) {
      return auth.authenticateToken(token instanceof String t ? t : null);
    }
    return auth.byCn(certificateCn(connection));
  }

  private static String bearer(String header) {
    return header.length() > BEARER.length() && header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)
        ? header.substring(BEARER.length()).trim() : null;
  }

  /** The CN of the connection's verified client certificate, or null. */
  static String certificateCn(HttpConnection connection) {
    if (connection == null || !connection.isSsl()) {
      return null;
    }
    try {
      List<Certificate> chain = connection.peerCertificates();
      return chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate cert) ? null
          : Admission.cn(cert);
    } catch (SSLPeerUnverifiedException e) {
      return null; // clientAuth request, and the client sent none
    }
  }

  private static void refuse(RoutingContext ctx, String error, String why) {
    LOG.debug("401 for {} {} from {}: {}", ctx.request().method(), ctx.request().path(),
        ctx.request().remoteAddress(), why);
    ctx.response().setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"netbus\"" + (error == null ? "" : ", error=\"" + error + "\""))
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error", "unauthorized: " + why).encode());
  }
}
