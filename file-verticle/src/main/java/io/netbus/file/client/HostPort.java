package io.netbus.file.client;

/** {@code HOST:PORT} as the CLI takes it ({@code [::1]:9001} for IPv6 literals). */
public record HostPort(String host, int port) {

  /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static HostPort parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:9001)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': '" + text.substring(colon + 1) + "' is not a port number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("'" + text + "': " + port + " is not a port (1-65535)");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
