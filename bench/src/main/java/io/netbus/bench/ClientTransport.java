package io.netbus.bench;

import io.vertx.core.net.NetClientOptions;

/**
 * How the bench's TCP clients (tcp, bus through a bridge) open connections: plain TCP by default.
 * The one place a secured transport plugs in: TLS options ({@code --tls}, {@code --ca}) return a
 * transport that sets SSL and trust on the options, and every TCP bench then loads TLS listeners
 * unchanged (forwarders are plain TCP and need nothing).
 */
@FunctionalInterface
public interface ClientTransport {

  /** Plain TCP: the options as they are. */
  ClientTransport PLAIN = options -> options;

  /** Adds this transport's settings to {@code options} and returns them. */
  NetClientOptions configure(NetClientOptions options);
}
