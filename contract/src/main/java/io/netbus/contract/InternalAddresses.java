package io.netbus.contract;

/**
 * The bus namespace netbus keeps for its own traffic between verticle instances and nodes
 * (a TCP listener's fan-out and per-instance {@code .out} addresses, and any later ones). No
 * bridge rule can open it: a client outside the node must never forge these messages or read
 * them (DESIGN.md "Hard limits").
 */
public final class InternalAddresses {

  /** Every internal address starts with this. */
  public static final String PREFIX = "netbus.internal.";
  /**
   * Every header netbus sets for its own use starts with this (compared ignoring case, as bus
   * headers are); the bridge drops such headers from what its clients send.
   */
  public static final String HEADER_PREFIX = "netbus.internal.";

  private InternalAddresses() {
  }

  /** True when {@code address} is internal (and so out of reach of every bridge client). */
  public static boolean isInternal(String address) {
    return address != null && address.startsWith(PREFIX);
  }

  /** True when {@code header} is one netbus sets for itself (never to be taken from a client). */
  public static boolean isInternalHeader(String header) {
    return header != null && header.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length());
  }
}
