package io.netbus.launcher.node;

import io.vertx.core.json.JsonObject;
import org.slf4j.LoggerFactory;

/**
 * Start-up help for every command (most are bus or socket clients that encode JSON), and for
 * {@code netbus run} most: while the main thread parses the command line, builds Vert.x and reads the config,
 * a daemon thread loads and initialises what comes next on the critical path anyway: Vert.x's
 * JSON codec (jackson-databind's ObjectMapper, about 0.3 s of class loading when cold) and the
 * contract's {@code SectionMapper}, then the Netty classes a listener binds with. Class
 * initialisation is thread-safe and idempotent, so the main thread either finds the work done or
 * waits for the part in progress; nothing here has side effects, and any failure is ignored (the
 * main thread then simply does the work itself).
 */
public final class WarmUp {

  /** Loaded (not initialised) in the background: the server and datagram channel classes. */
  static final String[] CLASSES = {
    "io.netbus.contract.SectionMapper",
    "io.netty.bootstrap.ServerBootstrap",
    "io.netty.channel.socket.nio.NioServerSocketChannel",
    "io.netty.channel.socket.nio.NioSocketChannel",
    "io.netty.channel.socket.nio.NioDatagramChannel",
    // the native transport's, which the node uses on Linux (NodeFactory)
    "io.netty.channel.epoll.EpollServerSocketChannel",
    "io.netty.channel.epoll.EpollSocketChannel",
    "io.netty.channel.epoll.EpollDatagramChannel",
    "io.netty.channel.DefaultChannelPipeline",
    "io.netty.channel.AdaptiveRecvByteBufAllocator",
  };

  private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

  private WarmUp() {
  }

  /** Starts the warm-up thread (once per JVM) and returns at once. */
  public static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(WarmUp::run, "netbus-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void run() {
    try {
      new JsonObject("{\"warm\":[1,\"up\"]}").encode();
      ClassLoader loader = WarmUp.class.getClassLoader();
      Class.forName(CLASSES[0], true, loader);
      for (int i = 1; i < CLASSES.length; i++) {
        Class.forName(CLASSES[i], false, loader);
      }
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      LoggerFactory.getLogger(WarmUp.class).debug("start-up warm-up stopped early (harmless)", e);
    }
  }
}
