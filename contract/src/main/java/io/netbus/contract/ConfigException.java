package io.netbus.contract;

/**
 * A configuration value that netbus refuses, with the key path that holds it
 * ({@code tcp.listeners[2].port}) so the user can find it in the file. The message reads
 * {@code key: what is wrong}; the launcher prefixes the file name and exits with status 2.
 */
public class ConfigException extends RuntimeException {

  private final String key;
  private final String problem;

  public ConfigException(String key, String problem) {
    this(key, problem, null);
  }

  public ConfigException(String key, String problem, Throwable cause) {
    super(key == null || key.isEmpty() ? problem : key + ": " + problem, cause);
    this.key = key == null ? "" : key;
    this.problem = problem;
  }

  /** The key path, e.g. {@code tcp.listeners[2].port}; empty when the problem is the whole file. */
  public String key() {
    return key;
  }

  /** What is wrong, without the key. */
  public String problem() {
    return problem;
  }

  /** The same problem, one level further out: {@code port} under {@code listeners[2]}. */
  public ConfigException under(String parent) {
    if (parent == null || parent.isEmpty()) {
      return this;
    }
    String joined = key.isEmpty() ? parent : key.startsWith("[") ? parent + key : parent + "." + key;
    return new ConfigException(joined, problem, getCause());
  }
}
