package io.netbus.launcher.cli;

import io.netbus.launcher.internal.LauncherInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes SIGTERM and SIGINT a clean exit (status 0) that runs the shutdown hooks, instead of the
 * JVM's default status 143/130: stopping a node on purpose is not a failure. SIGHUP reloads.
 */
final class Signals {

  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {
  }

  /** SIGHUP runs {@code reload} (a config reload, as daemons do); where the JVM cannot, nothing happens. */
  static void onHangUp(Runnable reload) {
    try {
      LauncherInternals.onSignal("HUP", signal -> {
        LOG.info("SIGHUP received: reloading the config");
        reload.run();
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.debug("cannot handle SIGHUP; reload with 'netbus reload'", e);
    }
  }

  static void exitCleanlyOnTermination() {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        LauncherInternals.onSignal(name, signal -> {
          LOG.info("SIG{} received", signal);
          // exit from another thread: System.exit blocks until the shutdown hooks are done.
          new Thread(() -> System.exit(ExitCodes.OK), "netbus-exit").start();
        });
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        LOG.debug("cannot handle SIG{}; the JVM default applies", name, e);
      }
    }
  }
}
