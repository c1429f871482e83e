package io.netbus.launcher.internal;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.logging.LoggerFactory;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * The launcher's only reach into Vert.x implementation classes and the JDK's {@code sun.misc},
 * kept in one place so an upgrade that moves them breaks here (and in
 * {@code LauncherInternalsTest}) rather than quietly elsewhere: the names of Vert.x's internal
 * loggers whose noise netbus filters, Vert.x's own logging start-up, the cluster manager's member
 * list, and OS signal handling (the JDK has no public API for SIGTERM/SIGINT).
 */
public final class LauncherInternals {

  /** Logs an ERROR for a reset connection that has no exception handler of its own. */
  public static final String CONNECTION_LOGGER = "io.vertx.core.net.impl.ConnectionBase";
  /** Logs an ERROR when a {@code sendFile} stops because the connection went away. */
  public static final String SEND_FILE_LOGGER = "io.vertx.core.net.impl.VertxConnection";
  /** Logs the stack trace of a failed clustered start. */
  public static final String VERTX_LOGGER = "io.vertx.core.impl.VertxImpl";
  /** Logs the clustered event bus's connection warnings. */
  public static final String CLUSTERED_BUS_LOGGERS = "io.vertx.core.eventbus.impl.clustered";

  private LauncherInternals() {
  }

  /** Initialises Vert.x's logging (its SLF4J bridge) now, on the calling thread. */
  public static void initialiseVertxLogging(Class<?> owner) {
    LoggerFactory.getLogger(owner);
  }

  /** The cluster manager's member ids, or an empty list when {@code vertx} is not clustered. */
  public static List<String> clusterNodes(Vertx vertx) {
    VertxInternal internal = (VertxInternal) vertx;
    return internal.clusterManager() == null ? List.of() : internal.clusterManager().getNodes();
  }

  /**
   * Calls {@code handler} with the signal's name (e.g. {@code TERM}) when the process gets it.
   * Throws {@link IllegalArgumentException} or {@link UnsupportedOperationException} when the
   * signal cannot be handled on this platform or is reserved by the JVM.
   */
  public static void onSignal(String name, Consumer<String> handler) {
    Signal.handle(new Signal(name), signal -> handler.accept(signal.getName()));
  }
}
