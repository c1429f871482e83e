package io.netbus.file;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code file} section: the root every path is confined to, the listeners, and
 * {@code maxRequests}, how many {@code netbus.file.*} requests may be in progress at once (each
 * holds a connection and a partial file; more fail 503 {@code busy}).
 */
public record FileConfig(String root, List<FileListenerConfig> listeners, Integer maxRequests) {

  public static final String SECTION = "file";
  public static final int DEFAULT_MAX_REQUESTS = 64;

  public FileConfig {
    root = ConfigChecks.required("root", root);
    maxRequests = ConfigChecks.positive("maxRequests", maxRequests, DEFAULT_MAX_REQUESTS);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, FileListenerConfig::name);
  }

  public static FileConfig from(JsonObject section) {
    return SectionMapper.read(section, FileConfig.class, SECTION);
  }
}
