package io.netbus.tcp.client;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Parses port lists like {@code 22,80,8000-8100} (the scanner's {@code ports}). */
public final class PortRanges {

  private PortRanges() {
  }

  /**
   * The ports {@code spec} names, ascending and without duplicates.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static List<Integer> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("no ports given (e.g. 22,80,8000-8100)");
    }
    BitSet ports = new BitSet(65536);
    for (String part : spec.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      int lo;
      int hi;
      if (dash < 0) {
        lo = hi = port(p, p);
      } else {
        lo = port(p.substring(0, dash).trim(), p);
        hi = port(p.substring(dash + 1).trim(), p);
        if (lo > hi) {
          throw new IllegalArgumentException("'" + p + "' is an empty range (" + lo + " > " + hi + ")");
        }
      }
      ports.set(lo, hi + 1);
    }
    List<Integer> list = new ArrayList<>(ports.cardinality());
    ports.stream().forEach(list::add);
    return list;
  }

  private static int port(String s, String part) {
    int n;
    try {
      n = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + part + "' is not a port or range (e.g. 22,80,8000-8100)");
    }
    if (n < 1 || n > 65535) {
      throw new IllegalArgumentException("'" + part + "': " + n + " is not a port (1-65535)");
    }
    return n;
  }
}
