package io.netbus.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code HOST:PORT} to load. Load generators flood what they point at, so a target that is not
 * a loopback address is refused unless the user says {@code --allow-remote}.
 */
public record Target(String host, int port) {

  public Target {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("target: missing host (expected HOST:PORT)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("target: " + port + " is not a port (1-65535)");
    }
  }

  /** Parses {@code HOST:PORT}, {@code [v6]:PORT} or a bare {@code PORT} (meaning 127.0.0.1). */
  public static Target parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("target: expected HOST:PORT");
    }
    String host;
    String port;
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      host = "127.0.0.1";
      port = text;
    } else {
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
    }
    try {
      return new Target(host, Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target: '" + text + "' is not HOST:PORT (port '" + port + "' is not a number)");
    }
  }

  /** Refuses a target that does not resolve to loopback, unless {@code allowRemote}. */
  public Target checkLoopback(boolean allowRemote) {
    if (allowRemote) {
      return this;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("target: cannot resolve '" + host + "'");
    }
    for (InetAddress address : addresses) {
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("target: " + host + " (" + address.getHostAddress()
            + ") is not a loopback address; a load test floods its target, pass --allow-remote if you mean it");
      }
    }
    return this;
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
