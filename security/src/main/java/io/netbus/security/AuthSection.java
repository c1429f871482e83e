package io.netbus.security;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The top-level {@code auth} section: the named clients allowed in, each identified by a token
 * (the config holds only its SHA-256) or by the CN of its client certificate, with its bus rules
 * and file rights. Tokens are checked by hashing and a constant-time comparison against every
 * client, so timing tells nothing about which hash came close. Tokens are never logged.
 *
 * @param clients at least one
 */
public record AuthSection(List<Client> clients) {

  /** The top-level key. */
  public static final String SECTION = "auth";
  public static final List<String> FILE_RIGHTS = List.of("rw", "ro", "none");

  public AuthSection {
    if (clients == null || clients.isEmpty()) {
      throw new ConfigException("clients", "is empty: add a client, or leave the auth section out");
    }
    clients = List.copyOf(clients);
    unique(clients, "name", Client::name);
    unique(clients, "cn", Client::cn);
    unique(clients, "tokenSha256", Client::tokenSha256);
  }

  public static AuthSection from(JsonObject section) {
    return SectionMapper.read(section, AuthSection.class, SECTION);
  }

  /** The client whose token this is; empty for null, unknown or empty tokens. */
  public Optional<Client> authenticateToken(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = Tokens.sha256(token);
    Client found = null;
    for (Client c : clients) { // no early exit: every client costs the same comparison
      if (c.tokenSha256() != null && MessageDigest.isEqual(presented, HexFormat.of().parseHex(c.tokenSha256()))) {
        found = c;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The client a verified certificate's CN names (exact match); empty when none. */
  public Optional<Client> byCn(String cn) {
    if (cn == null) {
      return Optional.empty();
    }
    return clients.stream().filter(c -> cn.equals(c.cn())).findFirst();
  }

  private static void unique(List<Client> clients, String field, java.util.function.Function<Client, String> value) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < clients.size(); i++) {
      String v = value.apply(clients.get(i));
      if (v == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(v, i);
      if (first != null) {
        String shown = "tokenSha256".equals(field) ? "the same hash" : "'" + v + "'";
        throw new ConfigException("clients[" + i + "]." + field, shown + " is already used by clients[" + first + "]");
      }
    }
  }

  /**
   * One client.
   *
   * @param name shown in logs and metrics; letters, digits, '-' or '_'
   * @param tokenSha256 SHA-256 of the client's token, 64 hex digits ({@code netbus token new})
   * @param cn the CN of the client's certificate, when it authenticates with one
   * @param bus replaces the bridge's {@code inbound}/{@code outbound} for this client, list by
   *     list; absent: the bridge's own lists apply
   * @param files {@code rw}, {@code ro} (puts refused) or {@code none} (the default)
   */
  public record Client(String name, String tokenSha256, String cn, Bus bus, String files) {

    public Client {
      name = ConfigChecks.name("name", name);
      if (tokenSha256 != null) {
        if (!tokenSha256.matches("[0-9a-fA-F]{64}")) {
          throw new ConfigException("tokenSha256", "'" + tokenSha256 + "' is not 64 hex digits"
              + " (the token's SHA-256; netbus token new prints both)");
        }
        tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
      }
      if (cn != null && cn.isBlank()) {
        throw new ConfigException("cn", "is empty");
      }
      if (tokenSha256 == null && cn == null) {
        throw new ConfigException("", "client '" + name + "' needs tokenSha256 or cn, or it can never sign in");
      }
      files = ConfigChecks.oneOf("files", files, "none", FILE_RIGHTS);
    }

    public boolean canRead() {
      return !"none".equals(files);
    }

    public boolean canWrite() {
      return "rw".equals(files);
    }

    /** Keeps even the hash out of logs. */
    @Override
    public String toString() {
      return "Client[" + name + "]";
    }
  }

  /**
   * A client's bus rules: regexes matched against whole addresses.
   *
   * @param inbound addresses the client may send or publish to; null: the bridge's list
   * @param outbound addresses the client may listen on; null: the bridge's list
   */
  public record Bus(List<String> inbound, List<String> outbound) {

    public Bus {
      inbound = regexes("inbound", inbound);
      outbound = regexes("outbound", outbound);
    }

    private static List<String> regexes(String key, List<String> values) {
      if (values == null) {
        return null;
      }
      for (int i = 0; i < values.size(); i++) {
        try {
          Pattern.compile(values.get(i));
        } catch (PatternSyntaxException e) {
          throw new ConfigException(key + "[" + i + "]", "'" + values.get(i) + "' is not a valid regex: " + e.getDescription());
        }
      }
      return List.copyOf(values);
    }
  }
}
