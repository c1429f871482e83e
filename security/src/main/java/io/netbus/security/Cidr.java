package io.netbus.security;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One IPv4 or IPv6 network, {@code 10.0.0.0/8} or {@code fd00::/8}; a plain address is a /32 or
 * /128. Parsing never resolves a name (a name is an error here), and host bits below the prefix
 * are ignored, as ncat and iptables do.
 *
 * @param network the address bytes, 4 or 16
 * @param prefix how many leading bits must match
 */
public record Cidr(byte[] network, int prefix) {

  /** Parses {@code value}; the message of the exception says what is wrong with it, without the key. */
  public static Cidr parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty network");
    }
    String v = value.trim();
    int slash = v.indexOf('/');
    String address = slash < 0 ? v : v.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR network (like 10.0.0.0/8 or fd00::/8)");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String p = v.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
        throw new IllegalArgumentException("'" + value + "' has a bad prefix length (0-" + max + ")");
      }
      prefix = Integer.parseInt(p);
    }
    return new Cidr(bytes, prefix);
  }

  /**
   * The bytes of an IP literal, or null when {@code s} is not one (a host name included: this
   * never asks DNS). IPv4-mapped IPv6 addresses come back as IPv4, a zone ({@code %eth0}) is dropped.
   */
  public static byte[] literal(String s) {
    if (s == null) {
      return null;
    }
    String v = s.trim();
    if (v.startsWith("[") && v.endsWith("]")) {
      v = v.substring(1, v.length() - 1);
    }
    int zone = v.indexOf('%');
    if (zone >= 0) {
      v = v.substring(0, zone);
    }
    if (!NetUtil.isValidIpV4Address(v) && !NetUtil.isValidIpV6Address(v)) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(v);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes).getAddress(); // folds ::ffff:a.b.c.d to 4 bytes
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** A copy: the record's array stays unchanged. */
  @Override
  public byte[] network() {
    return network.clone();
  }

  /** True when {@code address} (4 or 16 bytes) lies in this network; families never mix. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (address[full] & mask) == (network[full] & mask);
  }

  /** True when the IP literal {@code ip} lies in this network; a name is never contained. */
  public boolean contains(String ip) {
    return contains(literal(ip));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return NetUtil.toAddressString(InetAddress.getByAddress(network)) + "/" + prefix;
    } catch (UnknownHostException e) {
      return "?/" + prefix;
    }
  }
}
