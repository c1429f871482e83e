package io.netbus.file;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The {@code file} section: the root every path is confined to, and the listeners. */
public record FileConfig(String root, List<FileListenerConfig> listeners) {

  public static final String SECTION = "file";

  public FileConfig {
    root = ConfigChecks.required("root", root);
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    ConfigChecks.uniqueNames("listeners", listeners, FileListenerConfig::name);
  }

  public static FileConfig from(JsonObject section) {
    return SectionMapper.read(section, FileConfig.class, SECTION);
  }
}
