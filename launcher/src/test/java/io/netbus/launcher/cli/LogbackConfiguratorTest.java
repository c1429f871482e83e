package io.netbus.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The jar's logging set-up in code: what logback.xml used to say, and logback finds it. */
class LogbackConfiguratorTest {

  @Test
  void stderrAtWarnWithTheLibrariesQuiet() {
    LoggerContext context = new LoggerContext();
    LogbackConfigurator.apply(context);
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
      assertThat(a.getTarget()).isEqualTo("System.err");
      assertThat(a.isStarted()).isTrue();
      assertThat(((LayoutWrappingEncoder<ILoggingEvent>) ((ConsoleAppender<ILoggingEvent>) a).getEncoder()).getLayout())
          .isInstanceOf(LogLineLayout.class);
    });
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.hazelcast").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.hazelcast.cp.CPSubsystem").getLevel()).isEqualTo(Level.ERROR);
  }

  /** The hand-written layout prints exactly what the pattern it replaces printed, cause included. */
  @Test
  void theLineLayoutMatchesThePatternItReplaces() {
    LoggerContext context = new LoggerContext();
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    pattern.start();
    LogLineLayout lines = new LogLineLayout();
    lines.setContext(context);
    lines.start();
    ch.qos.logback.classic.Logger logger = context.getLogger("io.netbus.file.ExchangeConnection");
    IllegalStateException cause = new IllegalStateException("disk gone", new java.io.IOException("EIO"));
    for (LoggingEvent event : new LoggingEvent[] {
        new LoggingEvent("fqcn", logger, Level.INFO, "put '{}' ({} bytes)", null, new Object[] {"a.bin", 42}),
        new LoggingEvent("fqcn", logger, Level.WARN, "it failed", cause, null),
        new LoggingEvent("fqcn", context.getLogger(Logger.ROOT_LOGGER_NAME), Level.ERROR, "root", null, null)}) {
      assertThat(lines.doLayout(event)).isEqualTo(pattern.doLayout(event));
    }
  }

  @Test
  void registeredForLogbackAndDefersToATestConfig() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
        .contains(LogbackConfigurator.class.getName());
    // the tests have a logback-test.xml: it keeps precedence, as -Dlogback.configurationFile would
    assertThat(new LogbackConfigurator().configure(new LoggerContext()))
        .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }

  @Test
  void aSendFileCutShortByThePeerIsNotAnError() {
    LoggerContext context = new LoggerContext();
    LogbackConfigurator.apply(context);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    Logger vertx = context.getLogger(SendFileAbortFilter.LOGGER);
    // what VertxConnection.sendFileRegion logs when the socket closes under a sendFile > 1 MiB
    vertx.error("Broken pipe", new IOException("Broken pipe"));
    vertx.error(null, new ClosedChannelException());
    assertThat(events.list).isEmpty();
    // anything else from that logger, or an I/O error elsewhere, still shows
    vertx.error("bug", new IllegalStateException("bug"));
    context.getLogger("io.netbus.file.PushVerticle").error("disk", new IOException("disk"));
    assertThat(events.list).extracting(ILoggingEvent::getMessage).containsExactly("bug", "disk");
  }

  @Test
  void aPeerNodesResetIsNotAnError() {
    LoggerContext context = new LoggerContext();
    LogbackConfigurator.apply(context);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(events);
    Logger connections = context.getLogger(PeerResetFilter.LOGGER);
    // what ConnectionBase.handleException logs for a socket without an exception handler
    connections.error("Connection reset");
    connections.error("Connection reset", new java.net.SocketException("Connection reset"));
    assertThat(events.list).isEmpty();
    connections.error("something else");
    context.getLogger("io.netbus.tcp.Connection").error("Connection reset");
    assertThat(events.list).extracting(ILoggingEvent::getMessage).containsExactly("something else", "Connection reset");
  }
}
