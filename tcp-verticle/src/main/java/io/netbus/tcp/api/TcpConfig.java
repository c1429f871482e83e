package io.netbus.tcp.api;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.netbus.security.Targets;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code tcp} section: how many event-loop instances share each listener, the listeners, and
 * {@code maxRequests}, how many {@code netbus.tcp.request} and {@code netbus.scan} requests may be
 * in progress at once on the node (more fail 503 {@code busy}); {@code targets}, where they may
 * connect (absent: anywhere).
 */
public record TcpConfig(Integer instances, List<TcpListenerConfig> listeners, Integer maxRequests,
    List<String> targets) {

  public static final String SECTION = "tcp";
  public static final int DEFAULT_MAX_REQUESTS = 256;
  public static final String TARGETS = "targets";

  public TcpConfig {
    instances = ConfigChecks.positive("instances", instances, 1);
    maxRequests = ConfigChecks.positive("maxRequests", maxRequests, DEFAULT_MAX_REQUESTS);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, TcpListenerConfig::name);
    targets = targets == null ? null : List.copyOf(targets);
    Targets.parse(TARGETS, targets); // fails naming targets[i]
  }

  /** The parsed {@code targets}. */
  public Targets targetRules() {
    return Targets.parse(TARGETS, targets);
  }

  public static TcpConfig from(JsonObject section) {
    return SectionMapper.read(section, TcpConfig.class, SECTION);
  }
}
