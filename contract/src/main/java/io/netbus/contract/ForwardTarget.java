package io.netbus.contract;

import io.vertx.core.net.SocketAddress;

/**
 * Where a forwarder connects (TCP and UDP forward services, {@code netbus forward}): {@code host:port} ({@code [v6]:port} for IPv6 literals) or a unix
 * domain socket {@code unix:/path}. Parsed once at config time so a typo is a config error
 * naming the key, not a failure on the first connection.
 *
 * @param host the host name or address, null for a unix socket
 * @param port the TCP port, 0 for a unix socket
 * @param path the unix socket path, null for a TCP target
 */
public record ForwardTarget(String host, int port, String path) {

  /** The prefix that marks a unix domain socket path, in targets and listener hosts. */
  public static final String UNIX = "unix:";

  /** Parses {@code text}; a bad value throws a {@link ConfigException} naming {@code key}. */
  public static ForwardTarget parse(String key, String text) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(key, "is required (host:port or unix:/path)");
    }
    String t = text.trim();
    if (isUnix(t)) {
      return new ForwardTarget(null, 0, unixPath(key, t));
    }
    int colon = t.lastIndexOf(':');
    String host = colon <= 0 ? "" : t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new ConfigException(key, "'" + t + "': write an IPv6 address in brackets, [" + host + "]:port");
    }
    if (host.isEmpty()) {
      throw new ConfigException(key, "'" + t + "' is not host:port or unix:/path");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + t + "' is not host:port or unix:/path");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException(key, "'" + t + "': " + port + " is not a port (1-65535)");
    }
    return new ForwardTarget(host, port, null);
  }

  /** True for {@code unix:/path}, the form a listener host or a target names a unix socket with. */
  public static boolean isUnix(String hostOrTarget) {
    return hostOrTarget != null && hostOrTarget.startsWith(UNIX);
  }

  /** The path of {@code unix:/path}; it must not be empty. */
  public static String unixPath(String key, String text) {
    String path = text.substring(UNIX.length());
    if (path.isBlank()) {
      throw new ConfigException(key, "'" + text + "' names no path (unix:/path/to.sock)");
    }
    return path;
  }

  public boolean isUnix() {
    return path != null;
  }

  /** The address a NetClient connects to. */
  public SocketAddress socketAddress() {
    return isUnix() ? SocketAddress.domainSocketAddress(path) : SocketAddress.inetSocketAddress(port, host);
  }

  @Override
  public String toString() {
    if (isUnix()) {
      return UNIX + path;
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
