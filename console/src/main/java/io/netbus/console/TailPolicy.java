package io.netbus.console;

import io.netbus.security.AuthSection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses the live tail may register for, beyond the console's own {@code metrics.tail}
 * list (the SockJS bridge's permitted list, which refuses with {@code access_denied}): the rules
 * of the TCP bridge as that bridge would apply them to the same client (the {@code bridge}
 * section's {@code outbound}, replaced by the client's own {@code bus.outbound} when the
 * {@code auth} section gives it one), and never the admin API or netbus's internal addresses.
 * What this refuses, the SockJS bridge answers with {@code rejected}. Regexes match whole
 * addresses and are compiled once.
 */
final class TailPolicy {

  /** The admin API and netbus's internal addresses: closed to the tail under any rule. */
  static final List<String> CLOSED_PREFIXES = List.of("netbus.admin.", "netbus.internal.");

  /** Null: the node has no bridge section, so only the tail list and the client's rules apply. */
  private final List<Pattern> bridge;
  private final Map<String, List<Pattern>> byClient = new HashMap<>();

  TailPolicy(ConsoleContext node, Optional<AuthSection> auth) {
    this.bridge = node.bridgeOutbound() == null ? null : compile(node.bridgeOutbound());
    for (AuthSection.Client c : auth.map(AuthSection::clients).orElse(List.of())) {
      if (c.bus() != null && c.bus().outbound() != null) {
        byClient.put(c.name(), compile(c.bus().outbound()));
      }
    }
  }

  /** May {@code client} (empty without an auth section) tail {@code address}? */
  boolean permits(Optional<AuthSection.Client> client, String address) {
    if (address == null || CLOSED_PREFIXES.stream().anyMatch(address::startsWith)) {
      return false;
    }
    List<Pattern> outbound = client.map(c -> byClient.get(c.name())).orElse(bridge);
    return outbound == null || matches(outbound, address);
  }

  private static boolean matches(List<Pattern> patterns, String address) {
    return patterns.stream().anyMatch(p -> p.matcher(address).matches());
  }

  private static List<Pattern> compile(List<String> regexes) {
    return regexes.stream().map(Pattern::compile).toList();
  }
}
