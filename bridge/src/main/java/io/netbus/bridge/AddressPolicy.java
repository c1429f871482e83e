package io.netbus.bridge;

import io.netbus.contract.InternalAddresses;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which addresses bridge clients may use: {@code inbound} regexes for what a client may send or
 * publish onto the bus, {@code outbound} regexes for what it may register to receive. A regex
 * must match the whole address. Addresses under {@code netbus.internal.} (fan-out, per-instance
 * routing) are refused whatever the rules say: no pattern, not even {@code .*}, opens them.
 * Immutable, so one instance is shared by every connection.
 */
public final class AddressPolicy {

  private final List<Pattern> inbound;
  private final List<Pattern> outbound;

  public AddressPolicy(List<String> inbound, List<String> outbound) {
    this.inbound = inbound.stream().map(Pattern::compile).toList();
    this.outbound = outbound.stream().map(Pattern::compile).toList();
  }

  /** May a client send or publish to {@code address}? */
  public boolean inbound(String address) {
    return matches(inbound, address);
  }

  /** May a client receive what is sent or published to {@code address}? */
  public boolean outbound(String address) {
    return matches(outbound, address);
  }

  private static boolean matches(List<Pattern> patterns, String address) {
    if (address == null || InternalAddresses.isInternal(address)) {
      return false;
    }
    for (Pattern p : patterns) {
      if (p.matcher(address).matches()) {
        return true;
      }
    }
    return false;
  }
}
