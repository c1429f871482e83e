package io.netbus.bridge;

import io.netbus.contract.InternalAddresses;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which addresses bridge clients may use: {@code inbound} regexes for what a client may send or
 * publish onto the bus, {@code outbound} regexes for what it may register to receive. A regex
 * must match the whole address. Two prefixes are closed to wildcards: {@code netbus.internal.}
 * (the nodes' own plumbing) to every rule, and {@code netbus.admin.} (the admin API: deploy,
 * undeploy, reload) to every rule that does not itself start with {@code netbus\.admin}, so the
 * default {@code netbus\..+} or a {@code .*} never opens it by accident. Immutable, so one
 * instance is shared by every connection.
 */
public final class AddressPolicy {

  /** Addresses no rule permits. */
  public static final String INTERNAL_PREFIX = InternalAddresses.PREFIX;
  /** Addresses only a rule that starts with {@link #ADMIN_RULE_PREFIX} permits. */
  public static final String ADMIN_PREFIX = "netbus.admin.";
  /** How a rule that opens the admin API starts, e.g. {@code netbus\.admin\..+}. */
  public static final String ADMIN_RULE_PREFIX = "netbus\\.admin";

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
    boolean admin = address.startsWith(ADMIN_PREFIX);
    for (Pattern p : patterns) {
      if (admin && !p.pattern().startsWith(ADMIN_RULE_PREFIX)) {
        continue;
      }
      if (p.matcher(address).matches()) {
        return true;
      }
    }
    return false;
  }
}
