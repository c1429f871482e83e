package io.netbus.launcher.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a node keeps the files it serves ({@code file.root}). A config file's relative root
 * resolves against the working directory, as every relative path of a config does; the built-in
 * default config, which runs from whatever directory a user happens to type {@code netbus} in,
 * resolves its relative root against the user's data directory instead:
 * {@code $XDG_DATA_HOME/netbus}, else {@code ~/.local/share/netbus}. Otherwise a node started in
 * {@code ~/Downloads} would create and serve {@code ~/Downloads/data}.
 */
public final class DataDirectory {

  static final String XDG_DATA_HOME = "XDG_DATA_HOME";
  static final String FILE = "file";
  static final String ROOT = "root";

  private DataDirectory() {
  }

  /**
   * The user's netbus data directory: {@code $XDG_DATA_HOME/netbus} when that variable holds an
   * absolute path (the XDG spec ignores a relative one), else {@code $HOME/.local/share/netbus}.
   * {@code $HOME} before the JVM's {@code user.home}, which comes from the password database and
   * ignores a {@code HOME} the user set (as shells, scripts and services do).
   */
  public static Path userDataHome(Map<String, String> env, String userHome) {
    String xdg = env.get(XDG_DATA_HOME);
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "netbus");
    }
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() && Path.of(home).isAbsolute() ? home : userHome,
        ".local", "share", "netbus");
  }

  /** Moves a relative {@code file.root} of the built-in default under {@code home}. */
  static void placeDefaultRoot(JsonObject config, Path home) {
    JsonObject file = config.getValue(FILE) instanceof JsonObject f ? f : null;
    if (file != null && file.getValue(ROOT) instanceof String root && !Path.of(root).isAbsolute()) {
      file.put(ROOT, home.resolve(root).normalize().toString());
    }
  }

  /** The directory a validated config serves files from, absolute, if it has a file section. */
  public static Optional<Path> of(JsonObject config) {
    return config.getValue(FILE) instanceof JsonObject file && file.getValue(ROOT) instanceof String root
        ? Optional.of(Path.of(root).toAbsolutePath().normalize())
        : Optional.empty();
  }
}
