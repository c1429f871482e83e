package io.netbus.launcher.cli;

import io.netbus.launcher.internal.LauncherInternals;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Marker;

/**
 * Drops the ERROR Vert.x logs for a connection reset on a socket that has no exception handler
 * of its own ({@code ConnectionBase.handleException}): in a node, the clustered event bus's
 * inbound connections, which a peer node killed with {@code kill -9} resets. The loss of that
 * node is already reported (Hazelcast's member-removal warnings) and handled (its consumers go,
 * requests fail with NO_HANDLERS); an ERROR line for its socket only alarms. Vert.x passes the
 * exception only at debug level, so the message is matched too. Anything else passes.
 */
final class PeerResetFilter extends TurboFilter {

  static final String LOGGER = LauncherInternals.CONNECTION_LOGGER;
  private static final Set<String> RESETS = Set.of("Connection reset", "Connection reset by peer", "Broken pipe");

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.ERROR && LOGGER.equals(logger.getName())
        && (t instanceof IOException || (t == null && format != null && RESETS.contains(format)))) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
