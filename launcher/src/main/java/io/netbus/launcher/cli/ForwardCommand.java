package io.netbus.launcher.cli;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.netbus.launcher.node.NodeFactory;
import io.netbus.tcp.TcpVerticle;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.udp.UdpConfig;
import io.netbus.udp.UdpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code netbus forward LISTEN TARGET}: socat's {@code TCP-LISTEN:p,fork TCP:h:p} without a
 * config file. Builds one forward listener in memory, deploys the TCP (or UDP) module with it on
 * the native transport, prints one line saying what it forwards, and runs until Ctrl-C.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Forward every connection (--udp: every sender's datagrams) on LISTEN to TARGET, both ways, "
        + "until Ctrl-C. Like socat TCP-LISTEN:p,fork TCP:host:p, with backpressure and half-close."},
    footer = {"%nLISTEN is [host:]port (host 127.0.0.1 unless given) or unix:/path; TARGET is host:port or "
        + "unix:/path.", "%nExamples:", "  netbus forward 8080 db.lan:5432",
        "  netbus forward 0.0.0.0:2222 unix:/run/app.sock", "  netbus forward unix:/tmp/pg.sock 127.0.0.1:5432",
        "  netbus forward --udp 5353 10.0.0.1:53", "  netbus forward --tls-target 8443 example.org:443"})
public final class ForwardCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardCommand.class);
  /** The name of the one listener, as its bus addresses ({@code netbus.tcp.forward.events}) show it. */
  static final String LISTENER = "forward";
  static final long START_TIMEOUT_SECONDS = 30;
  static final long STOP_TIMEOUT_SECONDS = 8;

  @Parameters(index = "0", paramLabel = "LISTEN", description = "[host:]port or unix:/path to accept on.")
  String listen;

  @Parameters(index = "1", paramLabel = "TARGET", description = "host:port or unix:/path to connect to.")
  String target;

  @Option(names = "--udp", description = "Forward UDP datagrams: one upstream socket per sender.")
  boolean udp;

  @Option(names = "--tls-listen", description = "Terminate TLS on LISTEN (needs the node's tls section).")
  boolean tlsListen;

  @Option(names = "--tls-target", description = "Speak TLS to TARGET, verifying its certificate (JVM trust store).")
  boolean tlsTarget;

  @Option(names = "--max-conns", paramLabel = "N",
      description = "At most N connections (--udp: sessions) at once (default: 10000; --udp: 1024).")
  Integer maxConns;

  @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "5000",
      description = "Give up dialling TARGET after this long (default: ${DEFAULT-VALUE}).")
  int connectTimeoutMs;

  @Option(names = "--session-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "--udp: end a sender's session after this long without traffic (default: ${DEFAULT-VALUE}).")
  int sessionTimeoutSeconds;

  @Spec
  CommandSpec spec;

  /** Creates the Vert.x the forwarder runs on; tests hand in their own. */
  Supplier<Vertx> vertxFactory = NodeFactory::standalone;

  /** A forwarder that is up: what it says it does, and how to stop it. */
  record Running(Vertx vertx, String description) {

    Future<Void> stop() {
      return vertx.close();
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Running running;
    try {
      running = start();
    } catch (CommandLine.ParameterException e) {
      throw e; // picocli prints it with the pointer to --help, status 2
    } catch (ConfigException e) {
      err.println("netbus: " + argumentOf(e.key()) + ": " + e.problem());
      LOG.debug("forward refused", e);
      return ExitCodes.USAGE;
    } catch (Exception e) {
      err.println("netbus: cannot forward: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      LOG.debug("forward failed", e);
      return ExitCodes.FAILURE;
    }
    spec.commandLine().getOut().println("netbus: " + running.description() + " (Ctrl-C stops)");
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("the forwarder did not stop cleanly", e);
      } finally {
        stopped.countDown();
      }
    }, "netbus-forward-shutdown"));
    Signals.exitCleanlyOnTermination();
    stopped.await();
    return ExitCodes.OK;
  }

  /** Validates the arguments, deploys the forwarder and returns once it listens. */
  Running start() throws Exception {
    if (tlsListen) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--tls-listen is not available yet: TLS termination needs the node's certificates (tls section); "
              + "run a node with a forward listener and \"tls\": true once the security module has landed");
    }
    if (udp && tlsTarget) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--tls-target does not apply to --udp");
    }
    JsonObject listener = listener();
    Vertx vertx = vertxFactory.get();
    NodeFactory.logTransport(vertx);
    try {
      String bound = udp ? deployUdp(vertx, listener) : deployTcp(vertx, listener);
      return new Running(vertx, "forwarding " + (udp ? "udp " : "tcp ") + bound + " -> "
          + (tlsTarget ? "tls " : "") + ForwardTarget.parse("TARGET", target));
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** The one listener, as a config file would spell it. */
  private JsonObject listener() {
    JsonObject l = new JsonObject().put("name", LISTENER);
    if (ForwardTarget.isUnix(listen)) {
      if (udp) {
        throw new ConfigException("LISTEN", "'" + listen + "': --udp listens on [host:]port only");
      }
      l.put("host", listen);
    } else {
      int colon = listen.lastIndexOf(':');
      String host = colon < 0 ? "127.0.0.1" : listen.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        l.put("host", host).put("port", Integer.parseInt(listen.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new ConfigException("LISTEN", "'" + listen + "' is not [host:]port or unix:/path");
      }
    }
    JsonObject forward = new JsonObject().put("target", target);
    if (udp) {
      forward.put("sessionTimeoutSeconds", sessionTimeoutSeconds);
      if (maxConns != null) {
        forward.put("maxSessions", maxConns);
      }
    } else {
      forward.put("tls", tlsTarget).put("connectTimeoutMs", connectTimeoutMs);
      if (maxConns != null) {
        l.put("maxConnections", maxConns);
      }
    }
    return l.put("service", new JsonObject().put("forward", forward));
  }

  private static String deployTcp(Vertx vertx, JsonObject listener) throws Exception {
    JsonObject section = new JsonObject().put("listeners", new JsonArray().add(listener));
    TcpConfig.from(section);
    TcpVerticle root = new TcpVerticle();
    await(vertx.deployVerticle(root, new DeploymentOptions().setConfig(section)));
    String host = listener.getString("host");
    return ForwardTarget.isUnix(host) ? host : hostPort(host, root.actualPorts().get(LISTENER));
  }

  private static String deployUdp(Vertx vertx, JsonObject listener) throws Exception {
    JsonObject section = new JsonObject().put("listeners", new JsonArray().add(listener));
    UdpConfig.from(section);
    UdpVerticle root = new UdpVerticle();
    await(vertx.deployVerticle(root, new DeploymentOptions().setConfig(section)));
    return hostPort(listener.getString("host"), root.ports().get(LISTENER));
  }

  private static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** A config key of the in-memory listener, as the argument the user typed. */
  static String argumentOf(String key) {
    if (key.contains(".service.forward") || key.equals("TARGET")) {
      return "TARGET";
    }
    if (key.endsWith(".maxConnections") || key.endsWith(".maxSessions")) {
      return "--max-conns";
    }
    if (key.endsWith(".connectTimeoutMs")) {
      return "--connect-timeout";
    }
    if (key.endsWith(".sessionTimeoutSeconds")) {
      return "--session-timeout";
    }
    return "LISTEN";
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
