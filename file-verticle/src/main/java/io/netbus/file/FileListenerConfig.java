package io.netbus.file;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import java.util.List;

/** One file listener: {@code push} streams one file to each client, {@code exchange} speaks the file protocol. */
public record FileListenerConfig(String name, String host, Integer port, String mode, String file) {

  public static final List<String> MODES = List.of("push", "exchange");

  public FileListenerConfig {
    name = ConfigChecks.name("name", name);
    host = ConfigChecks.host("host", host);
    if (port == null) {
      throw new ConfigException("port", "is required");
    }
    port = ConfigChecks.port("port", port, 0);
    mode = ConfigChecks.oneOf("mode", mode, null, MODES);
    if (mode.equals("push")) {
      file = ConfigChecks.required("file", file);
    }
  }
}
