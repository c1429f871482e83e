package io.netbus.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.List;

/**
 * Applies a module's {@link Targets} to one outgoing connection: decides, and says where to
 * connect. A host allowed as given is dialed as given. A name that only a CIDR target could allow
 * is resolved once (on a worker thread, never the event loop) and checked by its address; the
 * connection then goes to exactly that address, while TLS still verifies the name the request
 * gave, so a DNS answer cannot change between the check and the connect.
 */
public final class TargetGate {

  /** The bus failure code of a refused target. */
  public static final int FORBIDDEN = 403;

  private final Vertx vertx;
  private final Targets targets;
  private final String key;

  /**
   * @param key the config key of the list, e.g. {@code tcp.targets}, for the refusal message
   */
  public TargetGate(Vertx vertx, Targets targets, String key) {
    this.vertx = vertx;
    this.targets = targets;
    this.key = key;
  }

  /**
   * Connect options for {@code host:port}, or a failed {@link Forbidden} naming the target. The
   * options carry the host (for TLS name checks) and, when the check needed it, the resolved
   * remote address to dial.
   */
  public Future<ConnectOptions> connectOptions(String host, int port) {
    return resolve(host, port).map(address -> {
      ConnectOptions options = new ConnectOptions().setHost(host).setPort(port);
      return address == null ? options : options.setRemoteAddress(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
    });
  }

  /**
   * Null when {@code host} may be dialed as given, the address to dial instead when it was
   * resolved for a CIDR target, or a failed {@link Forbidden}.
   */
  public Future<InetAddress> resolve(String host, int port) {
    return resolve(host, List.of(port));
  }

  /**
   * Like {@link #resolve(String, int)} for every port of a scan: all of them must be allowed,
   * else the first refused one is named.
   */
  public Future<InetAddress> resolve(String host, List<Integer> ports) {
    Integer refused = firstRefused(host, null, ports);
    if (refused == null) {
      return Future.succeededFuture();
    }
    if (!targets.wantsResolution(host, refused)) {
      return Future.failedFuture(forbidden(host, refused));
    }
    return vertx.executeBlocking(() -> InetAddress.getByName(host), false)
        .recover(err -> Future.failedFuture(forbidden(host, refused)))
        .compose(address -> {
          Integer bad = firstRefused(host, address, ports);
          return bad == null ? Future.succeededFuture(address) : Future.failedFuture(forbidden(host, bad));
        });
  }

  private Integer firstRefused(String host, InetAddress address, List<Integer> ports) {
    for (int port : ports) {
      if (!targets.check(host, address, port)) {
        return port;
      }
    }
    return null;
  }

  public Targets targets() {
    return targets;
  }

  private Forbidden forbidden(String host, int port) {
    String shown = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    return new Forbidden(shown + " is not among " + key);
  }

  /** A target the list does not allow; its message names the target and the key. */
  public static final class Forbidden extends RuntimeException {
    public Forbidden(String message) {
      super(message, null, false, false);
    }
  }
}
