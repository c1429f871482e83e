package io.netbus.launcher.cli;

import io.netbus.contract.ConfigException;
import io.netbus.launcher.config.ConfigLoader;
import io.netbus.launcher.config.LoadedConfig;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.node.ClusterReport;
import io.netbus.launcher.node.Modules;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netbus cluster-info}: Show the cluster members, interfaces and event-bus hosts this config would use. */
@Command(name = "cluster-info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Show what a clustered node would bind, join and advertise for this config, and warn about"
        + " loopback/0.0.0.0 mistakes. Starts nothing.",
    footer = {"%nExit status 0 when the config looks right, 1 when there are warnings, 2 for a bad config."})
public final class ClusterInfoCommand implements Callable<Integer> {

  @Option(names = "--conf", paramLabel = "FILE", description = "JSON config file (same lookup as run).")
  Path conf;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.builder().build();
    String source = conf == null ? "config" : conf.toString();
    try {
      LoadedConfig loaded = ConfigLoader.load(vertx, conf).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      source = loaded.source();
      NodeConfig config = NodeConfig.validate(loaded.json(), Modules.all());
      ClusterReport report = new ClusterReport(config.cluster());
      out.println("config:         " + source);
      report.lines().forEach(out::println);
      out.flush();
      return report.warnings().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ConfigException ce) {
        err.println("netbus: " + source + ": " + ce.getMessage());
        return ExitCodes.USAGE;
      }
      throw e;
    } catch (ConfigException e) {
      err.println("netbus: " + source + ": " + e.getMessage());
      return ExitCodes.USAGE;
    } finally {
      vertx.close();
    }
  }
}
