package io.netbus.security;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of TCP/UDP ports written {@code 80,443,8000-8100}; {@link #ALL} when a target names none.
 *
 * @param ranges inclusive {@code [from, to]} pairs
 */
public record PortSet(List<int[]> ranges) {

  /** Every port. */
  public static final PortSet ALL = new PortSet(List.of(new int[] {0, 65535}));

  public PortSet {
    ranges = List.copyOf(ranges);
  }

  /** Parses {@code 80}, {@code 80,443}, {@code 8000-8100}; the exception's message says what is wrong. */
  public static PortSet parse(String text) {
    List<int[]> ranges = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      int dash = p.indexOf('-');
      int from = port(dash < 0 ? p : p.substring(0, dash), text);
      int to = dash < 0 ? from : port(p.substring(dash + 1), text);
      if (from > to) {
        throw new IllegalArgumentException("'" + p + "' is an empty port range in '" + text + "'");
      }
      ranges.add(new int[] {from, to});
    }
    return new PortSet(ranges);
  }

  private static int port(String s, String text) {
    String v = s.trim();
    if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
      throw new IllegalArgumentException("'" + v + "' in '" + text + "' is not a port (1-65535)");
    }
    return Integer.parseInt(v);
  }

  public boolean contains(int port) {
    for (int[] r : ranges) {
      if (port >= r[0] && port <= r[1]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    ranges.forEach(r -> parts.add(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]));
    return String.join(",", parts);
  }
}
