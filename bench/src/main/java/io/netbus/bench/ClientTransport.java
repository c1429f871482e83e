package io.netbus.bench;

import io.vertx.core.net.NetClientOptions;

/**
 * How the bench's Vert.x TCP clients (tcp, bus through a bridge, handshake) open connections:
 * plain TCP by default, or {@link ClientTls} ({@code --tls}, {@code --ca}), which sets SSL, trust
 * and hostname verification on the options; every TCP bench then loads TLS listeners unchanged.
 */
@FunctionalInterface
public interface ClientTransport {

  /** Plain TCP: the options as they are. */
  ClientTransport PLAIN = options -> options;

  /** Adds this transport's settings to {@code options} and returns them. */
  NetClientOptions configure(NetClientOptions options);
}
