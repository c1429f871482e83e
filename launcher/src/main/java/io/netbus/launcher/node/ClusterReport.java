package io.netbus.launcher.node;

import io.netbus.launcher.config.ClusterConfig;
import io.netbus.security.Exposure;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a clustered node would bind, join and advertise for a {@code cluster} section, checked
 * against this machine's interfaces, with the usual mistakes spelled out: a loopback or wildcard
 * address where other machines must connect, an address this machine does not have, loopback
 * entries in a LAN member list. Used by {@code netbus cluster-info}.
 */
public final class ClusterReport {

  private final ClusterConfig cluster;
  private final Map<String, List<String>> interfaces;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public ClusterReport(ClusterConfig cluster) {
    this(cluster, localInterfaces());
  }

  /** For tests: {@code interfaces} maps interface names to their addresses. */
  ClusterReport(ClusterConfig cluster, Map<String, List<String>> interfaces) {
    this.cluster = cluster;
    this.interfaces = interfaces;
    check();
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  /** The report, one fact per line. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("cluster:        " + (cluster.enabled() ? "enabled" : "disabled in the config (run --cluster joins anyway)")
        + ", name '" + cluster.name() + "'");
    String hzHost = resolved(cluster.host());
    out.add("hazelcast:      binds " + hzHost + ":" + cluster.port() + " only" + interfaceOf(hzHost)
        + (cluster.publicHost() != null ? ", advertised as " + cluster.publicHost() + ":" + cluster.port() : ""));
    if (cluster.multicast()) {
      out.add("join:           multicast discovery (224.2.2.3:54327); the member list is ignored");
    } else {
      out.add("join:           TCP-IP members " + String.join(", ", cluster.members()) + " (multicast off)");
    }
    out.add("event bus:      listens on " + cluster.eventBusHost() + ":"
        + (cluster.eventBusPort() == 0 ? "<any free port>" : cluster.eventBusPort())
        + interfaceOf(resolved(cluster.eventBusHost())) + ", other nodes connect to " + cluster.advertisedHost());
    out.add("failure:        heartbeat every " + cluster.heartbeatSeconds() + " s, a silent member is dropped after "
        + cluster.maxNoHeartbeatSeconds() + " s, split clusters merge within ~" + cluster.mergeDelaySeconds() + " s");
    out.add("telemetry:      Hazelcast phone-home off; nothing is sent to addresses not listed above");
    out.addAll(exposure());
    List<String> local = new ArrayList<>();
    interfaces.forEach((name, addrs) -> local.add(name + " " + String.join(" ", addrs)));
    out.add("interfaces:     " + (local.isEmpty() ? "(none found)" : String.join(", ", local)));
    notes.forEach(n -> out.add("note:           " + n));
    warnings.forEach(w -> out.add("WARNING:        " + w));
    return out;
  }

  /** What an outsider who reaches the cluster's ports can do, and what protects them. */
  List<String> exposure() {
    List<String> out = new ArrayList<>();
    String hz = cluster.host() + ":" + cluster.port();
    boolean local = Exposure.isLoopback(cluster.host())
        && Exposure.isLoopback(cluster.eventBusHost());
    if (cluster.tls()) {
      out.add("messages:       event bus over mutual TLS: only nodes with a certificate signed by tls.ca deliver or"
          + " receive messages");
    } else if (local) {
      out.add("messages:       event bus in plain TCP on loopback: reachable from this machine only");
    } else {
      out.add("messages:       event bus in PLAIN TCP (cluster.insecure): whoever joins " + hz + " can read and send"
          + " every bus message; set cluster.tls");
    }
    if (local) {
      out.add("membership:     Hazelcast " + hz + " is reachable from this machine only");
    } else {
      out.add("membership:     Hazelcast " + hz + " has no authentication or encryption (open-source Hazelcast):"
          + " anyone who reaches it can join with the cluster name '" + cluster.name() + "', see the members and"
          + " the bus's subscription map, and add or remove entries in it" + (cluster.tls()
              ? " (disrupting delivery, not reading it)" : "")
          + "; firewall port " + cluster.port() + " to the member addresses (see docs/security.md)");
    }
    return out;
  }

  private void check() {
    String host = cluster.host();
    String hzHost = resolved(host);
    boolean hostLoopback = isLoopback(hzHost);
    if (host.equalsIgnoreCase("localhost")) {
      warnings.add("cluster.host is 'localhost' (" + hzHost + "): only nodes on this machine can join; use this"
          + " machine's LAN address for a LAN cluster");
    }
    if (hzHost == null) {
      warnings.add("cluster.host '" + host + "' does not resolve: Hazelcast will not start");
    } else if (!hostLoopback && !isLocal(hzHost)) {
      warnings.add("cluster.host " + hzHost + " is not an address of this machine: Hazelcast will not start"
          + " (this machine has " + String.join(", ", allAddresses()) + ")");
    }
    List<String> lanMembers = new ArrayList<>();
    List<String> loopMembers = new ArrayList<>();
    for (String m : cluster.members()) {
      String mh = resolved(ClusterConfig.memberHost(m));
      if (mh != null && isLoopback(mh)) {
        loopMembers.add(m);
      } else {
        lanMembers.add(m);
      }
    }
    if (!cluster.multicast()) {
      if (hostLoopback && !lanMembers.isEmpty()) {
        warnings.add("cluster.host is loopback (" + hzHost + ") but members include " + String.join(", ", lanMembers)
            + ": those machines cannot reach this node; set cluster.host to this machine's LAN address");
      }
      if (!hostLoopback && !loopMembers.isEmpty()) {
        warnings.add("members " + String.join(", ", loopMembers) + " are loopback addresses: on another machine"
            + " they mean that machine itself; list every node by its LAN address");
      }
      boolean self = cluster.members().stream().anyMatch(m -> {
        String mh = resolved(ClusterConfig.memberHost(m));
        return mh != null && mh.equals(hzHost);
      });
      if (!self) {
        notes.add("this node (" + hzHost + ":" + cluster.port() + ") is not in its own member list; that works"
            + " when the others list it, but the same list on every node is simplest");
      }
    } else {
      notes.add("multicast must be allowed on the LAN (often blocked by switches, Wi-Fi and clouds)");
    }
    String bus = cluster.eventBusHost();
    if (ClusterConfig.isWildcard(bus) && cluster.publicHost() == null) {
      warnings.add("cluster.eventBusHost is " + bus + " without publicHost: other nodes would be told to connect"
          + " to " + bus + ", i.e. to themselves; set publicHost to this machine's LAN address");
    } else if (!ClusterConfig.isWildcard(bus)) {
      String busResolved = resolved(bus);
      if (busResolved != null && isLoopback(busResolved) && !lanMembers.isEmpty() && cluster.publicHost() == null) {
        warnings.add("cluster.eventBusHost is loopback (" + busResolved + "): other machines cannot deliver"
            + " messages to this node");
      }
    }
    if (cluster.publicHost() != null) {
      String ph = resolved(cluster.publicHost());
      if (ph != null && isLoopback(ph) && !lanMembers.isEmpty()) {
        warnings.add("cluster.publicHost " + cluster.publicHost() + " is loopback: other machines cannot use it");
      }
    }
  }

  private String interfaceOf(String address) {
    if (address == null) {
      return "";
    }
    for (Map.Entry<String, List<String>> e : interfaces.entrySet()) {
      if (e.getValue().contains(address)) {
        return " (interface " + e.getKey() + ")";
      }
    }
    return ClusterConfig.isWildcard(address) ? " (all interfaces)" : "";
  }

  private boolean isLocal(String address) {
    return interfaces.values().stream().anyMatch(a -> a.contains(address));
  }

  private List<String> allAddresses() {
    List<String> all = new ArrayList<>();
    interfaces.values().forEach(all::addAll);
    return all;
  }

  static String resolved(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static Map<String, List<String>> localInterfaces() {
    Map<String, List<String>> map = new TreeMap<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp()) {
          continue;
        }
        List<String> addrs = new ArrayList<>();
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address || !a.isLinkLocalAddress()) {
            addrs.add(a.getHostAddress().replaceAll("%.*$", ""));
          }
        }
        if (!addrs.isEmpty()) {
          map.put(ni.getName(), addrs);
        }
      }
    } catch (SocketException e) {
      // an empty map: the report says no interfaces were found.
    }
    return map;
  }
}
