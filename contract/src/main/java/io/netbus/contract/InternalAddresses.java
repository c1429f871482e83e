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

  private InternalAddresses() {
  }

  /** True when {@code address} is internal (and so out of reach of every bridge client). */
  public static boolean isInternal(String address) {
    return address != null && address.startsWith(PREFIX);
  }
}
