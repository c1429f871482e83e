package io.netbus.tcp.api;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code tcp} section: how many event-loop instances share each listener, the listeners, and
 * {@code maxRequests}, how many {@code netbus.tcp.request} and {@code netbus.scan} requests may be
 * in progress at once on the node (more fail 503 {@code busy}).
 */
public record TcpConfig(Integer instances, List<TcpListenerConfig> listeners, Integer maxRequests) {

  public static final String SECTION = "tcp";
  public static final int DEFAULT_MAX_REQUESTS = 256;

  public TcpConfig {
    instances = ConfigChecks.positive("instances", instances, 1);
    maxRequests = ConfigChecks.positive("maxRequests", maxRequests, DEFAULT_MAX_REQUESTS);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, TcpListenerConfig::name);
  }

  public static TcpConfig from(JsonObject section) {
    return SectionMapper.read(section, TcpConfig.class, SECTION);
  }
}
