package io.netbus.console;

import io.netbus.contract.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One address block ({@code 10.0.0.0/8}, {@code ::1/128}, or a single address) of the
 * {@code allow}/{@code deny} lists. Only IP literals are accepted, so matching a peer never
 * needs a name lookup.
 */
final class Cidr {

  private final byte[] network;
  private final int bits;

  private Cidr(byte[] network, int bits) {
    this.network = network;
    this.bits = bits;
  }

  /** Parses {@code value}; errors name {@code key}. */
  static Cidr parse(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "empty address block");
    }
    String v = value.trim();
    int slash = v.indexOf('/');
    String addr = slash < 0 ? v : v.substring(0, slash);
    if (!addr.matches("[0-9a-fA-F:.]+") || addr.chars().noneMatch(c -> c == '.' || c == ':')) {
      throw new ConfigException(key, "'" + value + "' is not an IP address or CIDR block (like 10.0.0.0/8)");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(key, "'" + value + "' is not an IP address or CIDR block (like 10.0.0.0/8)");
    }
    int max = bytes.length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(v.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new ConfigException(key, "'" + value + "': the prefix length must be 0-" + max);
      }
    }
    return new Cidr(bytes, bits);
  }

  /** Checks every entry of a list; keeps the strings, which is what the record holds. */
  static List<String> parseAll(String key, List<String> values) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      parse(key + "[" + i + "]", values.get(i));
    }
    return List.copyOf(values);
  }

  static List<Cidr> all(List<String> values) {
    List<Cidr> list = new ArrayList<>();
    values.forEach(v -> list.add(parse("", v)));
    return list;
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }
}
