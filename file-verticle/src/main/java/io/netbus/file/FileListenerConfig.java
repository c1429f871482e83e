package io.netbus.file;

import io.netbus.contract.ConfigChecks;
import io.netbus.contract.ConfigException;
import io.netbus.security.ListenerSecurity;
import java.util.List;

/**
 * One file listener: {@code push} streams one file to each client, {@code exchange} speaks the
 * netbus file protocol. {@code maxFileSize} (bytes, default unlimited) and {@code readOnly}
 * (default false) apply to exchange listeners; {@code idleTimeoutSeconds} (default 120, 0 =
 * none) closes a connection that moved no byte for that long; {@code maxConnections} (default
 * 1024) bounds the connections open at once (each holds a file open). {@code tls},
 * {@code clientAuth}, {@code insecure}, {@code allow}, {@code deny}: see {@link ListenerSecurity}
 * ({@code clientAuth} defaults to {@code required} for exchange listeners with TLS, which are
 * guarded by the secure-by-default rule; to {@code none} for push listeners).
 */
public record FileListenerConfig(String name, String host, Integer port, String mode, String file,
    Long maxFileSize, Boolean readOnly, Integer idleTimeoutSeconds, Integer maxConnections,
    Boolean tls, String clientAuth, Boolean insecure, List<String> allow, List<String> deny) {

  public static final String PUSH = "push";
  public static final String EXCHANGE = "exchange";
  public static final List<String> MODES = List.of(PUSH, EXCHANGE);
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  public FileListenerConfig {
    name = ConfigChecks.name("name", name);
    host = ConfigChecks.host("host", host);
    if (port == null) {
      throw new ConfigException("port", "is required");
    }
    port = ConfigChecks.port("port", port, 0);
    mode = ConfigChecks.oneOf("mode", mode, null, MODES);
    if (mode.equals(PUSH)) {
      file = ConfigChecks.required("file", file);
      if (maxFileSize != null) {
        throw new ConfigException("maxFileSize", "only applies to mode exchange");
      }
      if (readOnly != null) {
        throw new ConfigException("readOnly", "only applies to mode exchange");
      }
    } else if (file != null) {
      throw new ConfigException("file", "only applies to mode push (exchange clients name their files)");
    }
    if (maxFileSize != null && maxFileSize < 0) {
      throw new ConfigException("maxFileSize", maxFileSize + " must be 0 (nothing can be put) or more bytes");
    }
    readOnly = readOnly != null && readOnly;
    idleTimeoutSeconds = ConfigChecks.atLeast("idleTimeoutSeconds", idleTimeoutSeconds, DEFAULT_IDLE_TIMEOUT_SECONDS, 0);
    maxConnections = ConfigChecks.positive("maxConnections", maxConnections, DEFAULT_MAX_CONNECTIONS);
    ListenerSecurity.of(tls, clientAuth, insecure, allow, deny, mode.equals(EXCHANGE)); // fails naming the key
  }

  /** TLS and network rules; an exchange listener is a guarded kind. */
  public ListenerSecurity security() {
    return ListenerSecurity.of(tls, clientAuth, insecure, allow, deny, isExchange());
  }

  public boolean isExchange() {
    return EXCHANGE.equals(mode);
  }

  /** Convenience for code and tests: an exchange listener with defaults. */
  public static FileListenerConfig exchange(String name, int port, Long maxFileSize, boolean readOnly) {
    return new FileListenerConfig(name, null, port, EXCHANGE, null, maxFileSize, readOnly, null, null,
        null, null, null, null, null);
  }

  /** Convenience for code and tests: a push listener with defaults. */
  public static FileListenerConfig push(String name, int port, String file) {
    return new FileListenerConfig(name, null, port, PUSH, file, null, null, null, null,
        null, null, null, null, null);
  }

  /** The largest put accepted, or {@link Long#MAX_VALUE}. */
  public long putLimit() {
    return maxFileSize == null ? Long.MAX_VALUE : maxFileSize;
  }
}
