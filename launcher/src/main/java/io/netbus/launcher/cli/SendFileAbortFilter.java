package io.netbus.launcher.cli;

import io.netbus.launcher.internal.LauncherInternals;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import org.slf4j.Marker;

/**
 * Drops the one ERROR Vert.x logs when a {@code sendFile} of more than 1 MiB stops because the
 * connection went away ({@code VertxConnection.sendFileRegion}: a client that closed early,
 * {@code nc host port | head}, or the node closing its connections on SIGTERM). The same failure
 * also fails the {@code sendFile} future, which netbus reports in its own words (push and
 * exchange listeners at INFO, the file client as the command's error), so the ERROR, with its
 * stack trace, is only noise. Any other event, and that logger's events with a cause that is not
 * an I/O error, pass.
 */
final class SendFileAbortFilter extends TurboFilter {

  static final String LOGGER = LauncherInternals.SEND_FILE_LOGGER;

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.ERROR && t instanceof IOException && LOGGER.equals(logger.getName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
