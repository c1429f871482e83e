package io.netbus.launcher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Canary for {@link LauncherInternals}: if a Vert.x or JDK upgrade renames what it names, this
 * fails saying which, instead of netbus's log filters and signal handling going quietly dead.
 * The clustered path of {@link LauncherInternals#clusterNodes} runs in {@code ClusterTest}.
 */
class LauncherInternalsTest {

  @ParameterizedTest
  @ValueSource(strings = {LauncherInternals.CONNECTION_LOGGER, LauncherInternals.SEND_FILE_LOGGER,
      LauncherInternals.VERTX_LOGGER, LauncherInternals.CLUSTERED_BUS_LOGGERS + ".ClusteredEventBus"})
  void theFilteredLoggersAreStillVertxClasses(String className) {
    assertThatCode(() -> Class.forName(className))
        .as("Vert.x no longer has " + className + ": the log filter or silencing that names it in "
            + "LauncherInternals filters nothing; find the class that logs it now")
        .doesNotThrowAnyException();
  }

  @Test
  void vertxLoggingStartsAndAStandaloneNodeHasNoMembers() {
    assertThatCode(() -> LauncherInternals.initialiseVertxLogging(LauncherInternalsTest.class))
        .as("io.vertx.core.internal.logging.LoggerFactory changed").doesNotThrowAnyException();
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(LauncherInternals.clusterNodes(vertx)).isEmpty();
    } finally {
      vertx.close();
    }
  }

  @Test
  void signalsAreStillHandledThroughSunMisc() {
    // an unknown signal is refused by sun.misc.Signal itself: proves the class is there and linked.
    assertThatThrownBy(() -> LauncherInternals.onSignal("NOSUCHSIGNAL", name -> { }))
        .as("sun.misc.Signal is gone or changed: SIGTERM/SIGINT no longer exit cleanly")
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Without these fields a clustered node runs without the per-peer queue bound (PeerQueueLimit, FrozenPeerTest). */
  @Test
  void theClusteredEventBusPeerConnectionsAreReachable() {
    org.assertj.core.api.Assertions.assertThat(LauncherInternals.peerConnectionsReachable())
        .as("ClusteredEventBus.outboundConnections and OutboundConnection.socket in this Vert.x").isTrue();
    io.vertx.core.Vertx local = io.vertx.core.Vertx.vertx();
    try {
      org.assertj.core.api.Assertions.assertThat(LauncherInternals.hasPeerConnections(local.eventBus())).isFalse();
    } finally {
      local.close();
    }
  }
}
