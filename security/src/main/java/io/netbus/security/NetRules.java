package io.netbus.security;

import io.netbus.contract.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener's {@code allow} and {@code deny} lists of networks (IPv4 and IPv6 CIDR, a plain
 * address meaning that one host). Deny wins; without {@code allow} everyone not denied may
 * connect. A peer address that is not an IP literal is refused whenever any rule is set, so an
 * odd address can never slip past a list.
 *
 * @param allow the networks let in; null when the key is absent (everyone)
 * @param deny the networks kept out; empty when the key is absent
 */
public record NetRules(List<Cidr> allow, List<Cidr> deny) {

  public static final String ALLOW = "allow";
  public static final String DENY = "deny";

  /** No rule: everyone may connect. */
  public static final NetRules OPEN = new NetRules(null, List.of());

  public NetRules {
    allow = allow == null ? null : List.copyOf(allow);
    deny = deny == null ? List.of() : List.copyOf(deny);
  }

  /**
   * Parses the two lists (either may be null); errors name {@code allow[i]} or {@code deny[i]}
   * and the value. An empty {@code allow} list is refused: it would shut everyone out, and
   * leaving the key out is how to let everyone in.
   */
  public static NetRules of(List<String> allow, List<String> deny) {
    if (allow != null && allow.isEmpty()) {
      throw new ConfigException(ALLOW, "is empty, which would refuse every peer; leave it out to allow everyone");
    }
    return new NetRules(allow == null ? null : parse(ALLOW, allow), deny == null ? List.of() : parse(DENY, deny));
  }

  private static List<Cidr> parse(String key, List<String> values) {
    List<Cidr> list = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      try {
        list.add(Cidr.parse(values.get(i)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + "[" + i + "]", e.getMessage());
      }
    }
    return list;
  }

  /** True when there is no rule at all. */
  public boolean isOpen() {
    return allow == null && deny.isEmpty();
  }

  /** Whether a peer at {@code ip} (an IP literal, as Vert.x reports {@code remoteAddress().hostAddress()}) may connect. */
  public boolean permits(String ip) {
    if (isOpen()) {
      return true;
    }
    byte[] address = Cidr.literal(ip);
    if (address == null) {
      return false;
    }
    for (Cidr d : deny) {
      if (d.contains(address)) {
        return false;
      }
    }
    if (allow == null) {
      return true;
    }
    for (Cidr a : allow) {
      if (a.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
