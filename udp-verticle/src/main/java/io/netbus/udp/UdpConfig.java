package io.netbus.udp;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.netbus.security.Targets;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code udp} section: the datagram listeners, {@code instances}, {@code maxRequests} and
 * {@code targets}. A TCP port can be shared by several event loops (the acceptor hands
 * connections round); a UDP socket cannot: several sockets on one port need SO_REUSEPORT, which
 * Vert.x offers only on the native transport (epoll), and then the kernel splits datagrams
 * between them by a hash of the sender, so one sender always reaches the same socket. So
 * {@code instances > 1} binds that many sockets per unicast listener on the native transport and
 * is refused at deploy time on NIO ({@link UdpVerticle}); a multicast listener keeps one socket
 * (the kernel would hand every group datagram to each of them).
 */
public record UdpConfig(Integer instances, List<UdpListenerConfig> listeners, Integer maxRequests,
    List<String> targets) {

  public static final String SECTION = "udp";
  /** {@code maxRequests}: {@code netbus.udp.send} requests in progress at once; more fail 503 busy. */
  public static final int DEFAULT_MAX_REQUESTS = 256;
  /** Where {@code netbus.udp.send} may send (absent: anywhere). */
  public static final String TARGETS = "targets";

  public UdpConfig {
    instances = ConfigChecks.atLeast("instances", instances, 1, 1);
    maxRequests = ConfigChecks.positive("maxRequests", maxRequests, DEFAULT_MAX_REQUESTS);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, UdpListenerConfig::name);
    targets = targets == null ? null : List.copyOf(targets);
    Targets.parse(TARGETS, targets); // fails naming targets[i]
  }

  /** The parsed {@code targets}. */
  public Targets targetRules() {
    return Targets.parse(TARGETS, targets);
  }

  public static UdpConfig from(JsonObject section) {
    return SectionMapper.read(section, UdpConfig.class, SECTION);
  }

  /** The key of {@code instances}, as config errors name it. */
  static final String INSTANCES_KEY = SECTION + ".instances";

  /** The key path of listener {@code index}'s {@code field}, as config errors name it. */
  static String key(int index, String field) {
    return SECTION + ".listeners[" + index + "]." + field;
  }
}
