package io.netbus.file;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.netbus.security.Targets;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The {@code file} section: the root every path is confined to, the listeners, and
 * {@code maxRequests}, how many {@code netbus.file.*} requests may be in progress at once (each
 * holds a connection and a partial file; more fail 503 {@code busy}); {@code targets}, the file
 * servers {@code netbus.file.*} may reach (absent: any).
 */
public record FileConfig(String root, List<FileListenerConfig> listeners, Integer maxRequests, List<String> targets) {

  public static final String SECTION = "file";
  public static final int DEFAULT_MAX_REQUESTS = 64;
  public static final String TARGETS = "targets";

  public FileConfig {
    root = ConfigChecks.required("root", root);
    maxRequests = ConfigChecks.positive("maxRequests", maxRequests, DEFAULT_MAX_REQUESTS);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, FileListenerConfig::name);
    targets = targets == null ? null : List.copyOf(targets);
    Targets.parse(TARGETS, targets); // fails naming targets[i]
  }

  /** The parsed {@code targets}. */
  public Targets targetRules() {
    return Targets.parse(TARGETS, targets);
  }

  public static FileConfig from(JsonObject section) {
    return SectionMapper.read(section, FileConfig.class, SECTION);
  }
}
