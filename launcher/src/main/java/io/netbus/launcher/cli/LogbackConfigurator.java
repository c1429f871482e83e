package io.netbus.launcher.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The jar's logging set-up, in code: logback's XML configurator (Joran) costs about 0.2 s of
 * start-up, on every command. Same set-up the jar's {@code logback.xml} used to give: one appender
 * on stderr ({@code HH:mm:ss.SSS LEVEL Logger - message}; stdout belongs to the client commands'
 * output), root at WARN (a node raises it to its {@code log.level}), Netty and Hazelcast at WARN,
 * Hazelcast's CP subsystem at ERROR (netbus uses no CP data structures), no status messages, and
 * no ERROR from Vert.x when a client leaves in the middle of a {@code sendFile}
 * ({@link SendFileAbortFilter}) or a peer node's event-bus connection is reset ({@link PeerResetFilter}).
 *
 * <p>Registered through {@code META-INF/services}. A user's own file still wins:
 * {@code -Dlogback.configurationFile=...}, or a {@code logback-test.xml} on the class path (the
 * tests), hands over to logback's usual XML configuration.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogbackConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The set-up itself: stderr appender, levels. */
  static void apply(LoggerContext context) {
    LogLineLayout layout = new LogLineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("com.hazelcast").setLevel(Level.WARN);
    context.getLogger("com.hazelcast.cp.CPSubsystem").setLevel(Level.ERROR);
    // The console cuts bus addresses to their prefix, so Vert.x's per-address gauges meet under
    // one name (their counts add up, in one shared LongAdder); Micrometer warns about each meeting.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    SendFileAbortFilter sendFileAborts = new SendFileAbortFilter();
    sendFileAborts.setContext(context);
    sendFileAborts.start();
    context.addTurboFilter(sendFileAborts);
    PeerResetFilter peerResets = new PeerResetFilter();
    peerResets.setContext(context);
    peerResets.start();
    context.addTurboFilter(peerResets);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
  }
}
