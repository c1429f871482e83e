package io.netbus.launcher.cli;

import io.netbus.console.ConsoleConfig;
import io.netbus.contract.ConfigException;
import io.netbus.contract.NetbusModule;
import io.netbus.launcher.config.ConfigLoader;
import io.netbus.launcher.config.DataDirectory;
import io.netbus.launcher.config.LoadedConfig;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.node.Modules;
import io.netbus.launcher.node.Node;
import io.netbus.launcher.node.NodeFactory;
import io.netbus.launcher.node.WarmUp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netbus run}: loads the config, deploys one deployment per present section and runs until
 * SIGTERM or Ctrl-C, then undeploys everything and exits within the shutdown grace period.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run a netbus node: deploy the listeners of every section in the config.",
    footer = {"%nThe config is FILE, else conf/default.json in the working directory, else the built-in default, "
        + "which serves files from $XDG_DATA_HOME/netbus/data (else ~/.local/share/netbus/data); a config file's "
        + "relative paths resolve against the working directory. "
        + "Override single values with system properties or environment variables:",
        "  java -Dnetbus.tcp.listeners.0.port=6000 -jar netbus.jar run",
        "  NETBUS_TCP_LISTENERS_0_PORT=6000 netbus run"})
public final class RunCommand implements java.util.concurrent.Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  static final long START_TIMEOUT_SECONDS = 60;
  static final long STOP_TIMEOUT_SECONDS = 8;

  @Option(names = "--conf", paramLabel = "FILE", description = "JSON config file.")
  Path conf;

  @Option(names = "--cluster", description = "Join the cluster (forces cluster.enabled on).")
  boolean cluster;

  @Spec
  CommandSpec spec;

  /** {@code netbus --conf FILE}: the top-level command runs a node like {@code run}. */
  public static RunCommand with(Path conf, boolean cluster, CommandSpec spec) {
    RunCommand run = new RunCommand();
    run.conf = conf;
    run.cluster = cluster;
    run.spec = spec;
    return run;
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    PrintWriter err = spec == null ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
    WarmUp.start();
    List<NetbusModule> modules = Modules.all();
    Vertx boot = NodeFactory.standalone();
    String source = conf == null ? "config" : conf.toString();
    LoadedConfig loaded = null;
    Node node;
    Optional<Path> dataDirectory;
    try {
      loaded = await(ConfigLoader.load(boot, conf));
      source = loaded.source();
      NodeConfig validated = NodeConfig.validate(loaded.json(), modules);
      NodeConfig config = cluster ? validated.withClusterEnabled() : validated;
      Logging.setLevel(config.log().level());
      // Vert.x metrics are chosen when an instance is built: a metrics section needs a new one.
      boolean metrics = config.json().containsKey(ConsoleConfig.SECTION);
      Future<Vertx> vertx = config.cluster().enabled()
          ? boot.close().compose(v -> NodeFactory.clustered(config.cluster(), config.security(), metrics))
          : metrics ? boot.close().map(v -> NodeFactory.standalone(true)) : Future.succeededFuture(boot);
      node = await(Node.start(vertx, config, modules, loaded.isDefault(), ConfigLoader.source(conf, modules)));
      dataDirectory = DataDirectory.of(config.json());
    } catch (ConfigException e) {
      boot.close();
      err.println("netbus: " + ConfigLoader.errorLine(loaded, source, e));
      LOG.debug("config rejected", e);
      return ExitCodes.USAGE;
    } catch (Exception e) {
      boot.close();
      err.println("netbus: cannot start: " + describe(e));
      LOG.debug("start failed", e);
      return ExitCodes.FAILURE;
    }
    NodeFactory.logTransport(node.vertx());
    LOG.info("netbus node up in {} ms ({}, config: {})", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
        node.vertx().isClustered() ? "clustered" : "standalone", source);
    dataDirectory.ifPresent(dir -> LOG.info("data directory (file.root): {}", dir));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, stopped), "netbus-shutdown"));
    Signals.exitCleanlyOnTermination();
    // the outcome is logged by the reload itself
    Signals.onHangUp(() -> node.reload());
    stopped.await();
    return ExitCodes.OK;
  }

  private static void stop(Node node, CountDownLatch stopped) {
    try {
      try {
        node.releaseName().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // logged by releaseName; the others free the name once the member is gone
      }
      node.stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("netbus node stopped");
    } catch (TimeoutException e) {
      LOG.warn("netbus node did not stop within {} s; exiting anyway", STOP_TIMEOUT_SECONDS);
    } catch (Exception e) {
      LOG.warn("netbus node stopped with an error", e);
    } finally {
      stopped.countDown();
    }
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

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
