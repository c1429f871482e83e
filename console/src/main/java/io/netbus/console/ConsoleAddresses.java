package io.netbus.console;

/**
 * The bus addresses the console asks for the cluster's view, and the HTTP paths it serves. The
 * {@code netbus.admin.<node>.*} addresses belong to the node's admin API (cluster operations);
 * the console is one of its clients.
 */
final class ConsoleAddresses {

  private static final String ADMIN = "netbus.admin.";

  static final String METRICS_PATH = "/metrics";
  static final String HEALTH_PATH = "/health";
  static final String STATUS_PATH = "/api/status";
  static final String NODES_PATH = "/api/nodes";
  /** Every path of the JSON API (guarded as a whole, so a new endpoint cannot be left open). */
  static final String API_PATHS = "/api/*";
  /** The SockJS bridge of the live tail; {@code /eventbus/websocket} is its raw WebSocket. */
  static final String TAIL_PATH = "/eventbus/*";
  /** Query parameter of {@link #STATUS_PATH}: which node (default this one). */
  static final String NODE_PARAM = "node";

  /** Fields of the status and nodes answers, as the admin API sends them. */
  static final String NODE = "node";
  static final String NODES = "nodes";
  static final String LISTENERS = "listeners";
  static final String TRANSFERS = "transfers";
  static final String CONNECTIONS = "connections";
  static final String MEMBERS = "members";

  private ConsoleAddresses() {
  }

  /** {@code netbus.admin.<node>.status}: that node's identity, listeners and transfers. */
  static String status(String node) {
    return ADMIN + node + ".status";
  }

  /**
   * {@code netbus.admin.local.nodes}: every cluster member as this node sees them ({@code local}
   * is the admin API's name for the node a request enters the bus at).
   */
  static final String LOCAL_NODES = ADMIN + "local.nodes";
}
