package io.netbus.launcher.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the root log level at run time (logging starts quiet, at warn, for the client commands: {@link LogbackConfigurator}). */
public final class Logging {

  private Logging() {
  }

  public static void setLevel(String level) {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.toLevel(level, Level.INFO));
  }
}
