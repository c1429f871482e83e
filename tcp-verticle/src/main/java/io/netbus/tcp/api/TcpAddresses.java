package io.netbus.tcp.api;

import io.netbus.contract.InternalAddresses;

/**
 * The bus addresses the TCP module owns and the JSON field names of their bodies (DESIGN.md,
 * "Event bus"). Declared once here; tests and the launcher use these constants too.
 */
public final class TcpAddresses {

  /** Request → reply: connect, send one frame, return one reply frame. */
  public static final String REQUEST = "netbus.tcp.request";
  /** Request → reply: TCP connect scan. */
  public static final String SCAN = "netbus.scan";

  private static final String PREFIX = "netbus.tcp.";
  private static final String INTERNAL = InternalAddresses.PREFIX + "tcp.";

  // fields of .in / .out / .events bodies
  public static final String LISTENER = "listener";
  public static final String CONNECTION = "connection";
  public static final String REMOTE = "remote";
  public static final String CLOSE = "close";
  public static final String EVENT = "event";
  public static final String OPEN_EVENT = "open";
  public static final String CLOSE_EVENT = "close";

  // fields of netbus.tcp.request and netbus.scan
  public static final String HOST = "host";
  public static final String PORT = "port";
  /** {@code netbus.tcp.request}: speak TLS to the target. */
  public static final String TLS = "tls";
  public static final String PORTS = "ports";
  public static final String FRAMING = "framing";
  public static final String TIMEOUT_MS = "timeoutMs";
  public static final String CONCURRENCY = "concurrency";
  public static final String OPEN = "open";
  public static final String MAX_FRAME = "maxFrame";

  /** The largest {@code maxFrame} a {@code netbus.tcp.request} may ask for: 16 MiB. */
  public static final int MAX_REQUEST_FRAME = 16 * 1024 * 1024;

  // failure codes (message.fail(code, text))
  /** The request body is malformed. */
  public static final int BAD_REQUEST = 400;
  /** No such connection on this listener (any instance, any node). */
  public static final int NOT_FOUND = 404;
  /** The peer refused the connection or is unreachable. */
  public static final int CONNECT_FAILED = 502;
  /** The peer closed the connection before a whole reply frame came. */
  public static final int CLOSED_EARLY = 503;
  /** Too many requests in progress on this node ({@code busy: ...}); try again later. */
  public static final int BUSY = 503;
  /** No connection or no reply within the timeout. */
  public static final int TIMED_OUT = 504;
  /** The reply frame was longer than maxFrame. */
  public static final int TOO_LONG = 413;

  private TcpAddresses() {
  }

  /** Published per inbound frame: {@code {listener, connection, remote, text|data}}. */
  public static String in(String listener) {
    return PREFIX + listener + ".in";
  }

  /** Send or publish {@code {text|data, connection?, close?}} to write to the listener's clients. */
  public static String out(String listener) {
    return PREFIX + listener + ".out";
  }

  /** Published on connect and disconnect: {@code {event, connection, remote, listener}}. */
  public static String events(String listener) {
    return PREFIX + listener + ".events";
  }

  /** Internal: the {@code .out} of one listener instance, for writes routed to a connection it owns. */
  public static String outOf(String listener, String instanceId) {
    return INTERNAL + listener + ".out." + instanceId;
  }

  /** Internal: published to reach every instance of a listener on every node (chat, broadcast). */
  public static String fanout(String listener) {
    return INTERNAL + listener + ".fanout";
  }

  /** Internal: the instance part of a connection id ({@code <instance>-<n>}), or null when it has none. */
  public static String instanceOf(String connectionId) {
    int dash = connectionId.lastIndexOf('-');
    return dash <= 0 ? null : connectionId.substring(0, dash);
  }
}
