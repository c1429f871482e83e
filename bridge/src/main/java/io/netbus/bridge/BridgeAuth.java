package io.netbus.bridge;

import io.netbus.security.AuthSection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the bridge and with which address rules. Without an {@code auth} section every
 * connection gets the bridge's own {@code inbound}/{@code outbound} policy (round 1). With one,
 * each frame must name a client, by its {@code headers.token} or by the connection's verified
 * client certificate (CN), and that client's {@code bus} rules replace the bridge's, list by list.
 * The policies are compiled once per client at start, so a frame costs a hash and a lookup.
 */
final class BridgeAuth {

  /** Refused frames after which a connection is closed. */
  static final int MAX_REFUSALS = 3;

  private final AddressPolicy open;
  private final AuthSection auth;
  private final Map<String, AddressPolicy> byClient = new HashMap<>();

  BridgeAuth(BridgeConfig config, Optional<AuthSection> auth) {
    this.open = new AddressPolicy(config.inbound(), config.outbound());
    this.auth = auth.orElse(null);
    for (AuthSection.Client c : auth.map(AuthSection::clients).orElse(java.util.List.of())) {
      AuthSection.Bus bus = c.bus();
      byClient.put(c.name(), bus == null ? open : new AddressPolicy(
          bus.inbound() == null ? config.inbound() : bus.inbound(),
          bus.outbound() == null ? config.outbound() : bus.outbound()));
    }
  }

  /** True when frames must name a client. */
  boolean required() {
    return auth != null;
  }

  /** The bridge's own policy, for a bridge without {@code auth}. */
  AddressPolicy open() {
    return open;
  }

  /** The client a certificate CN names, if any. */
  Optional<AuthSection.Client> byCn(String cn) {
    return auth == null ? Optional.empty() : auth.byCn(cn);
  }

  /** The client a token names; empty for a missing or unknown token. */
  Optional<AuthSection.Client> byToken(String token) {
    return auth == null ? Optional.empty() : auth.authenticateToken(token);
  }

  /** The address rules of an authenticated client. */
  AddressPolicy policy(AuthSection.Client client) {
    return byClient.getOrDefault(client.name(), open);
  }
}
