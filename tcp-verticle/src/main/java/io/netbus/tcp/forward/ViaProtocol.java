package io.netbus.tcp.forward;

import io.netbus.contract.InternalAddresses;

/**
 * The bus protocol of {@code via} forwarding, declared once: the addresses (all under
 * {@code netbus.internal.}, which no bridge rule can permit), the open request's fields, the
 * header that says what a stream message is, and the flow-control numbers.
 * <p>
 * A stream is two inboxes, {@code netbus.internal.forward.<node>.s.<id>.o|d}, one on each side.
 * Data goes as Buffer messages; the receiver returns credit (the byte count) once it has handed
 * the bytes to its socket and the socket's write queue has room, so at most {@link #WINDOW}
 * bytes per direction are on the bus or in a write queue at any time. Pings (request/reply)
 * tell a stream that the other node is gone.
 */
public final class ViaProtocol {

  private static final String PREFIX = InternalAddresses.PREFIX + "forward.";

  /** Open request fields. */
  public static final String TARGET = "target";
  public static final String TLS = "tls";
  public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
  public static final String STREAM = "stream";
  /** The opener's node name: the dialling side's peer inbox is on it. */
  public static final String FROM = "from";

  /** Header of a stream message: one of the kinds below. */
  static final String KIND = InternalAddresses.HEADER_PREFIX + "k";
  /** Header of a credit message: the bytes returned. */
  static final String BYTES = InternalAddresses.HEADER_PREFIX + "n";
  static final String DATA = "d";
  static final String CREDIT = "a";
  static final String END = "e";
  static final String CLOSE = "c";
  static final String PING = "p";

  /** Bytes one direction of a stream may have unacknowledged. */
  public static final int WINDOW = 256 * 1024;
  static final long PING_EVERY_MS = 2_000;
  static final long PING_TIMEOUT_MS = 5_000;
  /** How long a closed stream's inbox still takes (and ignores) late messages. */
  static final long LINGER_MS = 5_000;

  /** Failure codes of the open request. */
  public static final int BAD_REQUEST = 400;
  public static final int FORBIDDEN = 403;
  public static final int CONNECT_FAILED = 502;
  public static final int BUSY = 503;

  private ViaProtocol() {
  }

  /** Request → reply: dial a target for a stream; handled by the named node's agent. */
  public static String open(String node) {
    return PREFIX + node + ".open";
  }

  /** The opening side's inbox of stream {@code id} (the node with the listener). */
  static String openerInbox(String node, String id) {
    return PREFIX + node + ".s." + id + ".o";
  }

  /**
   * The dialling side's inbox of stream {@code id}. Distinct from the opener's even when one
   * node is both (a listener whose {@code via} names its own node).
   */
  static String diallerInbox(String node, String id) {
    return PREFIX + node + ".s." + id + ".d";
  }
}
