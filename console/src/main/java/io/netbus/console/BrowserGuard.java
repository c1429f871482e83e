package io.netbus.console;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;

/**
 * Keeps other web sites out of a console on loopback: a page the user visits elsewhere must not
 * read the node through the user's browser. Two rules: the {@code Host} a request names must be
 * a loopback name (so a DNS-rebinding domain that resolves to 127.0.0.1 gets 403), and a request
 * with an {@code Origin} (every browser WebSocket carries one, and WebSockets ignore CORS) must
 * come from the console's own origin. Clients without an Origin (Prometheus, curl) are unaffected.
 */
final class BrowserGuard {

  private final boolean loopbackOnly;

  /** {@code loopbackOnly}: the server is bound to loopback, so only loopback names are valid hosts. */
  BrowserGuard(boolean loopbackOnly) {
    this.loopbackOnly = loopbackOnly;
  }

  void onRequest(RoutingContext ctx) {
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (loopbackOnly && !loopbackName(hostname(host))) {
      refuse(ctx, "Host " + host + " is not a name of this console");
    } else if (origin != null && !sameOrigin(origin, host)) {
      refuse(ctx, "Origin " + origin + " is not this console's");
    } else {
      ctx.next();
    }
  }

  private static void refuse(RoutingContext ctx, String why) {
    ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(why + "\n");
  }

  private static boolean sameOrigin(String origin, String host) {
    try {
      URI uri = URI.create(origin);
      String authority = uri.getRawAuthority();
      return authority != null && host != null && authority.equalsIgnoreCase(host)
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The name part of a Host header: {@code 127.0.0.1:9100} → {@code 127.0.0.1}, {@code [::1]:9100} → {@code ::1}. */
  static String hostname(String host) {
    if (host == null) {
      return "";
    }
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(1, end);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  static boolean loopbackName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("localhost") || n.endsWith(".localhost") || n.equals("::1")
        || n.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
