package io.netbus.udp;

/**
 * The bus addresses the UDP module owns, the field names of their bodies and the failure codes
 * of {@code netbus.udp.send}, declared once. Payload fields ({@code text}/{@code data}) are
 * {@link io.netbus.contract.Payload}'s.
 */
public final class UdpAddresses {

  /** Request (reply optional): send one datagram anywhere, optionally await the answer. */
  public static final String SEND = "netbus.udp.send";

  private static final String PREFIX = "netbus.udp.";

  // netbus.udp.<listener>.in bodies (also the request body of an {"address": ...} service)
  public static final String LISTENER = "listener";
  public static final String SENDER = "sender";

  // netbus.udp.send request fields
  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String AWAIT_REPLY = "awaitReply";
  public static final String TIMEOUT_MS = "timeoutMs";
  public static final String RETRIES = "retries";

  // netbus.udp.send reply fields (besides sender and text|data)
  public static final String SENT = "sent";
  public static final String ATTEMPTS = "attempts";

  /** The request body is unusable: a field is missing or has the wrong type or range. */
  public static final int BAD_REQUEST = 400;
  /** awaitReply and no datagram came back within timeoutMs after every attempt. */
  public static final int NO_REPLY = 408;
  /** Too many requests are awaiting replies at once. */
  public static final int BUSY = 503;
  /** The datagram could not be sent (unknown host, unreachable network, local socket error). */
  public static final int SEND_FAILED = 502;

  private UdpAddresses() {
  }

  /** {@code netbus.udp.<listener>.in}: published once per accepted datagram. */
  public static String in(String listener) {
    return PREFIX + listener + ".in";
  }
}
