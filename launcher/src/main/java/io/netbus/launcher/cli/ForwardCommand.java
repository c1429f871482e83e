package io.netbus.launcher.cli;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ForwardTarget;
import io.netbus.launcher.node.NodeFactory;
import io.netbus.security.ListenerSecurity;
import io.netbus.security.NetRules;
import io.netbus.security.NodeSecurity;
import io.netbus.security.TlsSection;
import io.netbus.tcp.TcpVerticle;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.forward.Forwarder;
import io.netbus.tcp.api.TcpConfig;
import io.netbus.udp.UdpConfig;
import io.netbus.udp.UdpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code netbus forward LISTEN TARGET}: socat's {@code TCP-LISTEN:p,fork TCP:h:p} (and stunnel's
 * TLS wrapping, with {@code --tls-listen}/{@code --tls-target}) without a config file. Builds one
 * forward listener in memory, with the TLS files and network rules given as options, deploys the
 * TCP (or UDP) module with it on the native transport, prints one line saying what it forwards,
 * logs each connection it could not forward, and runs until Ctrl-C (SIGINT) or SIGTERM.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Forward every connection (--udp: every sender's datagrams) on LISTEN to TARGET, both ways, "
        + "until Ctrl-C. Like socat TCP-LISTEN:p,fork TCP:host:p, with backpressure and half-close."},
    footer = {"%nLISTEN is [host:]port (host 127.0.0.1 unless given) or unix:/path; TARGET is host:port or "
        + "unix:/path.", "%nExamples:", "  netbus forward 8080 db.lan:5432",
        "  netbus forward 0.0.0.0:2222 unix:/run/app.sock", "  netbus forward unix:/tmp/pg.sock 127.0.0.1:5432",
        "  netbus forward --udp 5353 10.0.0.1:53", "  netbus forward --tls-target 8443 example.org:443",
        "  netbus forward --tls-listen --cert certs/node1.crt --key certs/node1.key 0.0.0.0:8443 127.0.0.1:8080",
        "  netbus forward --allow 10.0.0.0/8 --deny 10.0.9.0/24 --max-conns 100 0.0.0.0:2222 127.0.0.1:22"})
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

  @Option(names = "--tls-listen", description = "Terminate TLS on LISTEN with --cert and --key (TLS 1.2/1.3).")
  boolean tlsListen;

  @Option(names = "--tls-target", description = "Speak TLS to TARGET, verifying its certificate and name against "
      + "--ca, else the JVM's trusted CAs (--tls, and --ca/--cert/--key without --tls-listen, mean the same); "
      + "--cert/--key without --tls-listen are presented to TARGET as a client certificate.")
  boolean tlsTarget;

  @Mixin
  EndpointTlsOptions tlsFiles;

  @Option(names = "--allow", paramLabel = "CIDR", description = "Accept only peers in CIDR (repeatable; default: "
      + "everyone not denied).")
  List<String> allow;

  @Option(names = "--deny", paramLabel = "CIDR", description = "Refuse peers in CIDR before any byte is read "
      + "(repeatable; deny wins over --allow).")
  List<String> deny;

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
    // as for the other clients, --ca/--cert/--key imply TLS to the server (TARGET), unless they
    // are the listener's own identity (--tls-listen)
    boolean toTls = tlsTarget || tlsFiles.tls
        || !tlsListen && (tlsFiles.ca != null || tlsFiles.cert != null || tlsFiles.key != null);
    if (udp && (tlsListen || toTls)) {
      throw new CommandLine.ParameterException(spec.commandLine(), (tlsListen ? "--tls-listen" : "--tls-target")
          + " does not apply to --udp");
    }
    NodeSecurity node = security(toTls);
    JsonObject listener = listener(toTls);
    Vertx vertx = vertxFactory.get();
    NodeFactory.logTransport(vertx);
    try {
      String bound = udp ? deployUdp(vertx, listener) : deployTcp(vertx, listener, node);
      return new Running(vertx, "forwarding " + (udp ? "udp " : tlsListen ? "tls " : "tcp ") + bound + " -> "
          + (toTls ? "tls " : "") + ForwardTarget.parse("TARGET", target));
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * The TLS material the options name, as the node's {@code tls} section would hold it:
   * {@code --tls-listen} serves {@code --cert}/{@code --key}; a TLS target is verified against
   * {@code --ca} (with {@code --cert}/{@code --key} as the client certificate when the listener
   * does not use them), or the JVM's trusted CAs without {@code --ca}.
   */
  private NodeSecurity security(boolean toTls) {
    EndpointTlsOptions t = tlsFiles;
    boolean files = t.ca != null || t.cert != null || t.key != null;
    if (!files && !tlsListen) {
      return NodeSecurity.NONE;
    }
    try {
      if (tlsListen) {
        if (t.cert == null || t.key == null) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--tls-listen needs --cert and --key (the certificate this forwarder presents; netbus certs makes them)");
        }
        if (toTls && t.ca == null) {
          LOG.debug("--tls-target without --ca: the target is verified against the JVM's trusted CAs");
        }
        return new NodeSecurity(Optional.of(TlsSection.server(t.cert, t.key, t.ca, Path.of(""))), Optional.empty());
      }
      if (t.ca == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--cert/--key for --tls-target need --ca (the CA that signed the target's certificate)");
      }
      return new NodeSecurity(Optional.of(TlsSection.client(t.ca, t.cert, t.key, Path.of(""))), Optional.empty());
    } catch (ConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The one listener, as a config file would spell it. */
  private JsonObject listener(boolean toTls) {
    JsonObject l = new JsonObject().put("name", LISTENER);
    if (allow != null) {
      l.put(NetRules.ALLOW, new JsonArray(List.copyOf(allow)));
    }
    if (deny != null) {
      l.put(NetRules.DENY, new JsonArray(List.copyOf(deny)));
    }
    if (tlsListen) {
      l.put(ListenerSecurity.TLS, true);
    }
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
      forward.put("tls", toTls).put("connectTimeoutMs", connectTimeoutMs);
      if (maxConns != null) {
        l.put("maxConnections", maxConns);
      }
    }
    return l.put("service", new JsonObject().put("forward", forward));
  }

  private static String deployTcp(Vertx vertx, JsonObject listener, NodeSecurity node) throws Exception {
    JsonObject section = new JsonObject().put("listeners", new JsonArray().add(listener));
    TcpConfig.from(section);
    TcpVerticle root = new TcpVerticle(node);
    // no bus client watches a command-line forwarder: say on stderr why a connection was dropped
    await(vertx.eventBus().<JsonObject>consumer(TcpAddresses.events(LISTENER), ForwardCommand::onEvent).completion());
    await(vertx.deployVerticle(root, new DeploymentOptions().setConfig(section)));
    String host = listener.getString("host");
    return ForwardTarget.isUnix(host) ? host : hostPort(host, root.actualPorts().get(LISTENER));
  }

  private static void onEvent(Message<JsonObject> event) {
    if (Forwarder.FORWARD_FAILED_EVENT.equals(event.body().getString(TcpAddresses.EVENT))) {
      LOG.warn("{} from {}: {}", Forwarder.FORWARD_FAILED_EVENT, event.body().getString(TcpAddresses.REMOTE),
          event.body().getString(Forwarder.REASON));
    }
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
    if (key.contains("." + NetRules.ALLOW)) {
      return "--allow";
    }
    if (key.contains("." + NetRules.DENY)) {
      return "--deny";
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
