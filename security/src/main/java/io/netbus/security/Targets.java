package io.netbus.security;

import io.netbus.contract.ConfigException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a module may connect on a bus client's behalf: {@code tcp.targets}, {@code udp.targets},
 * {@code file.targets}, each entry {@code CIDR[:ports]} or {@code host[:ports]}
 * ({@code 10.0.0.0/8:22,80}, {@code [fd00::/8]:443}, {@code nas.lan:9001}, {@code *.lan});
 * ports like {@code 80,443,8000-8100}, none meaning all. An IPv6 entry needs brackets to carry
 * ports; unbracketed it is an address or network alone. Absent key: no restriction
 * ({@link #ANY}); an empty list: nowhere.
 *
 * <p>Resolution policy. This class never asks DNS (no blocking look-up, and no gap between a
 * check and a second look-up that DNS rebinding could use). A name target matches the host name
 * exactly as the request gives it (case-insensitive, a trailing dot ignored; {@code *.lan}
 * matches any name ending in {@code .lan}). A CIDR target matches a request whose host is an IP
 * literal in it, or, through {@link #check(String, InetAddress, int)}, the address the caller
 * resolved the name to; the caller must then connect to exactly that address, never resolve
 * again. A name matching no name target is therefore allowed by a CIDR target only when the
 * caller resolved it first.
 */
public final class Targets {

  /** No restriction. */
  public static final Targets ANY = new Targets(null);

  private final List<Target> targets;

  private Targets(List<Target> targets) {
    this.targets = targets;
  }

  /**
   * Parses a {@code targets} list; {@code key} is its full key ({@code tcp.targets}), errors name
   * {@code key[i]} and the value. A null list is {@link #ANY}.
   */
  public static Targets parse(String key, List<String> entries) {
    if (entries == null) {
      return ANY;
    }
    List<Target> list = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      try {
        list.add(Target.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + "[" + i + "]", e.getMessage());
      }
    }
    return new Targets(List.copyOf(list));
  }

  /** True when some list was configured. */
  public boolean isRestricted() {
    return targets != null;
  }

  /** Whether {@code host:port} may be reached, {@code host} taken as given (no DNS). */
  public boolean check(String host, int port) {
    return check(host, null, port);
  }

  /**
   * Whether {@code host:port} may be reached when {@code host} resolved to {@code resolved}
   * (null: not resolved). Connect to {@code resolved} itself after a yes.
   */
  public boolean check(String host, InetAddress resolved, int port) {
    if (targets == null) {
      return true;
    }
    byte[] literal = Cidr.literal(host);
    byte[] address = literal != null ? literal : resolved == null ? null : Cidr.literal(resolved.getHostAddress());
    String name = literal != null || host == null ? null : normalise(host);
    for (Target t : targets) {
      if (t.ports().contains(port) && (t.cidr() != null ? t.cidr().contains(address) : t.matchesName(name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a CIDR target could still allow {@code host} (a name no name target matches) once
   * resolved, so the caller should resolve it and ask {@link #check(String, InetAddress, int)}.
   */
  public boolean wantsResolution(String host, int port) {
    if (targets == null || Cidr.literal(host) != null || check(host, port)) {
      return false;
    }
    return targets.stream().anyMatch(t -> t.cidr() != null && t.ports().contains(port));
  }

  static String normalise(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  @Override
  public String toString() {
    return targets == null ? "any" : targets.toString();
  }

  /** One entry: a network or a name, and its ports. */
  record Target(Cidr cidr, String name, PortSet ports) {

    static Target parse(String entry) {
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException("empty target");
      }
      String e = entry.trim();
      String host = e;
      String ports = null;
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        if (close < 0) {
          throw new IllegalArgumentException("'" + entry + "' has '[' without ']'");
        }
        host = e.substring(1, close);
        String rest = e.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("'" + entry + "': expected ':ports' after ']'");
          }
          ports = rest.substring(1);
        }
      } else if (e.indexOf(':') == e.lastIndexOf(':') && e.indexOf(':') >= 0) {
        host = e.substring(0, e.indexOf(':'));
        ports = e.substring(e.indexOf(':') + 1);
      }
      PortSet portSet = ports == null ? PortSet.ALL : PortSet.parse(ports);
      String addressPart = host.contains("/") ? host.substring(0, host.indexOf('/')) : host;
      if (Cidr.literal(addressPart) != null) {
        return new Target(Cidr.parse(host), null, portSet);
      }
      String name = normalise(host);
      String bare = name.startsWith("*.") ? name.substring(2) : name;
      if (!bare.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
        throw new IllegalArgumentException("'" + entry + "' is not CIDR[:ports] or host[:ports]"
            + " (like 10.0.0.0/8:22,80, [fd00::/8]:443 or nas.lan:9001)");
      }
      return new Target(null, name, portSet);
    }

    boolean matchesName(String host) {
      if (host == null) {
        return false;
      }
      return name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name);
    }

    @Override
    public String toString() {
      return (cidr != null ? cidr.toString() : name) + ":" + ports;
    }
  }
}
