package io.netbus.udp;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.udp.forward.UdpForwardConfig;
import io.netbus.security.NetRules;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One UDP listener: where it binds, which service answers each datagram, and its limits.
 *
 * @param name        unique in the section; names the bus address {@code netbus.udp.<name>.in}
 * @param host        bind address, 127.0.0.1 by default (0.0.0.0 when {@code multicast} is set)
 * @param port        UDP port, 0 for an ephemeral one
 * @param service     {@code echo} | {@code greet} | {@code {"address": "..."}} | {@code {"forward": ...}}
 *                    (held as a {@link UdpForwardConfig})
 * @param maxDatagram largest datagram accepted (bytes); longer ones are dropped, never truncated
 * @param publish     publish every accepted datagram on {@code netbus.udp.<name>.in}
 * @param multicast   an IPv4 multicast group to join, e.g. 239.1.2.3
 * @param multicastInterface the network interface name to join it on (key {@code interface})
 * @param timeoutMs   how long the {@code address} service waits for the bus reply
 * @param maxInFlight bus requests and replies pending at once; datagrams beyond are dropped
 * @param allow senders whose datagrams are taken (CIDR); absent: everyone not denied
 * @param deny senders whose datagrams are dropped; deny wins
 */
public record UdpListenerConfig(String name, String host, Integer port, Object service, Integer maxDatagram,
    Boolean publish, String multicast, @JsonProperty("interface") String multicastInterface, Integer timeoutMs,
    Integer maxInFlight, List<String> allow, List<String> deny) {

  public static final List<String> SERVICES = List.of("echo", "greet");
  /** The largest UDP payload over IPv4 (65535 - 8 byte UDP header - 20 byte IP header). */
  public static final int MAX_UDP_PAYLOAD = 65507;
  public static final int DEFAULT_TIMEOUT_MS = 5000;
  public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

  public UdpListenerConfig {
    name = ConfigChecks.name("name", name);
    if (port == null) {
      throw new ConfigException("port", "is required");
    }
    port = ConfigChecks.port("port", port, 0);
    if (service instanceof String s) {
      service = ConfigChecks.oneOf("service", s, null, SERVICES);
    } else if (service instanceof UdpForwardConfig forward) {
      forward.checkNotLoop("service", ConfigChecks.host("host", host), port); // a copy (withPort): already read
    } else if (UdpForwardConfig.isForward(service)) {
      UdpForwardConfig forward = UdpForwardConfig.from("service", service);
      forward.checkNotLoop("service", ConfigChecks.host("host", host), port);
      service = forward;
    } else if (service instanceof Map<?, ?> m && m.size() == 1 && m.get("address") instanceof String a
        && !a.isBlank()) {
      service = Map.of("address", a);
    } else if (service instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("address")) {
      throw new ConfigException("service.address", "expected a bus address (a non-empty string), found "
          + io.vertx.core.json.Json.encode(m.get("address")));
    } else {
      throw new ConfigException("service", (service == null ? "is required: one of "
          : io.vertx.core.json.Json.encode(service) + " is not one of ")
          + String.join(", ", SERVICES) + ", {\"address\": \"...\"} or {\"forward\": \"host:port\"}");
    }
    maxDatagram = ConfigChecks.positive("maxDatagram", maxDatagram, MAX_UDP_PAYLOAD);
    if (maxDatagram > MAX_UDP_PAYLOAD) {
      throw new ConfigException("maxDatagram", maxDatagram + " is larger than a UDP datagram can be ("
          + MAX_UDP_PAYLOAD + ")");
    }
    publish = publish == null || publish;
    timeoutMs = ConfigChecks.positive("timeoutMs", timeoutMs, DEFAULT_TIMEOUT_MS);
    maxInFlight = ConfigChecks.positive("maxInFlight", maxInFlight, DEFAULT_MAX_IN_FLIGHT);
    NetRules.of(allow, deny); // fails naming allow[i] / deny[i]
    if (multicast != null) {
      multicast = multicastGroup(multicast);
      multicastInterface = networkInterface(multicastInterface);
      host = host == null ? "0.0.0.0" : ConfigChecks.host("host", host);
    } else {
      if (multicastInterface != null) {
        throw new ConfigException("interface", "only means something with \"multicast\": \"239.x.y.z\"");
      }
      host = ConfigChecks.host("host", host);
    }
  }

  /** The same listener on {@code boundPort} (the further sockets of a listener whose port 0 was chosen). */
  public UdpListenerConfig withPort(int boundPort) {
    return new UdpListenerConfig(name, host, boundPort, service, maxDatagram, publish, multicast, multicastInterface,
        timeoutMs, maxInFlight, allow, deny);
  }

  /** The {@code allow}/{@code deny} rules for senders. */
  public NetRules rules() {
    return NetRules.of(allow, deny);
  }

  /** The bus address of an {@code {"address": ...}} service, or null for echo and greet. */
  public String busAddress() {
    return service instanceof Map<?, ?> m ? (String) m.get("address") : null;
  }

  /** The forwarder's settings, or null when the listener runs a service. */
  public UdpForwardConfig forward() {
    return service instanceof UdpForwardConfig f ? f : null;
  }

  /** True when {@code host} is an IPv6 literal, so the socket must be an IPv6 one. */
  public boolean ipV6() {
    return host.indexOf(':') >= 0;
  }

  private static String multicastGroup(String group) {
    String g = group.trim();
    if (!g.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new ConfigException("multicast", "'" + group + "' is not an IPv4 multicast group (224.0.0.0-239.255.255.255)");
    }
    try {
      if (!InetAddress.getByName(g).isMulticastAddress()) {
        throw new ConfigException("multicast", "'" + group + "' is not an IPv4 multicast group (224.0.0.0-239.255.255.255)");
      }
    } catch (UnknownHostException e) {
      throw new ConfigException("multicast", "'" + group + "' is not an IPv4 address", e);
    }
    return g;
  }

  private static String networkInterface(String name) {
    if (name == null || name.isBlank()) {
      throw new ConfigException("interface", "is required with multicast: the network interface to join the group on"
          + " (" + interfaceNames() + ")");
    }
    try {
      if (NetworkInterface.getByName(name) == null) {
        throw new ConfigException("interface", "'" + name + "' is not a network interface of this machine ("
            + interfaceNames() + ")");
      }
    } catch (SocketException e) {
      throw new ConfigException("interface", "cannot look up '" + name + "': " + e.getMessage(), e);
    }
    return name;
  }

  private static String interfaceNames() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
          .sorted().collect(Collectors.joining(", "));
    } catch (SocketException e) {
      return "interfaces unknown";
    }
  }
}
