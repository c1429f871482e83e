package io.netbus.launcher.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The jar's log line, {@code HH:mm:ss.SSS LEVEL Logger - message}, then the cause's stack trace
 * if there is one: what the pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n} gives,
 * written by hand because logback's PatternLayout registers some seventy converters through
 * lambdas when its class loads, a cost every command (most of which log nothing) paid at start-up.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
    String level = event.getLevel().toString();
    line.append(' ').append(level);
    for (int pad = level.length(); pad < 5; pad++) {
      line.append(' ');
    }
    String logger = event.getLoggerName();
    line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length())
        .append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy cause = event.getThrowableProxy();
    if (cause != null) {
      line.append(ThrowableProxyUtil.asString(cause)); // ends with its own line separator
    }
    return line.toString();
  }
}
