package io.netbus.launcher;

import io.netbus.bench.BenchCommand;
import io.netbus.file.protocol.Sha256;
import io.netbus.launcher.cli.CertsCommand;
import io.netbus.launcher.cli.ClusterInfoCommand;
import io.netbus.launcher.cli.DeployCommand;
import io.netbus.launcher.cli.ExitCodes;
import io.netbus.launcher.cli.ForwardCommand;
import io.netbus.launcher.cli.GetCommand;
import io.netbus.launcher.cli.InstallCommand;
import io.netbus.launcher.cli.ListenCommand;
import io.netbus.launcher.cli.LsCommand;
import io.netbus.launcher.cli.NodesCommand;
import io.netbus.launcher.cli.PublishCommand;
import io.netbus.launcher.cli.PutCommand;
import io.netbus.launcher.cli.ReloadCommand;
import io.netbus.launcher.cli.RunCommand;
import io.netbus.launcher.cli.ScanCommand;
import io.netbus.launcher.cli.SendCommand;
import io.netbus.launcher.cli.StatusCommand;
import io.netbus.launcher.cli.TcpCommand;
import io.netbus.launcher.cli.TokenCommand;
import io.netbus.launcher.cli.UdpCommand;
import io.netbus.launcher.cli.UndeployCommand;
import io.netbus.launcher.cli.VersionProvider;
import io.netbus.launcher.internal.LauncherInternals;
import io.netbus.launcher.node.WarmUp;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code netbus} command. Without a subcommand it runs a node on the default config, like
 * {@code netbus run}; the other subcommands are the client side of each endpoint.
 */
@Command(name = "netbus", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Raw TCP/UDP endpoints and file transfer on the Vert.x event bus.%n"
        + "Without a command, runs a node on the default config (same as 'netbus run').",
    subcommands = {RunCommand.class, TcpCommand.class, UdpCommand.class, ScanCommand.class, GetCommand.class,
        PutCommand.class, LsCommand.class, SendCommand.class, PublishCommand.class, ListenCommand.class,
        ForwardCommand.class, ClusterInfoCommand.class, NodesCommand.class, StatusCommand.class, DeployCommand.class,
        UndeployCommand.class, ReloadCommand.class, BenchCommand.class, CertsCommand.class, TokenCommand.class,
        InstallCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:ok", "1:any other failure", "2:usage or configuration error",
        "130:a client stopped by Ctrl-C (a node stopped by Ctrl-C or SIGTERM exits 0)"})
public final class Main implements Callable<Integer> {

  /** Commands that hash a file as they move it. */
  private static final Set<String> HASHING_COMMANDS = Set.of("get", "put");

  public static void main(String[] args) {
    routeLibraryLoggingToSlf4j();
    initialiseLoggingFirst();
    if (!infoOnly(args)) {
      // on the second core, while this one parses the command line and builds Vert.x
      WarmUp.start();
    }
    if (args.length > 0 && HASHING_COMMANDS.contains(args[0])) {
      Sha256.warmUpInBackground();
    }
    System.exit(commandLine().execute(args));
  }

  /** {@code --version} or {@code --help} anywhere: nothing will need Vert.x, so no warm-up competes for the CPU. */
  static boolean infoOnly(String[] args) {
    for (String a : args) {
      if (a.equals("--version") || a.equals("-V") || a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return args.length > 0 && args[0].equals("help");
  }

  /**
   * Vert.x's SLF4J bridge, while its class initialises, points {@code System.err} at a byte
   * buffer until SLF4J (logback) is up, to hide SLF4J's start-up chatter. Anything that picks up
   * {@code System.err} in that window (picocli's error writer, say) writes into the buffer for
   * good: a config error's one line went missing when a warm-up thread started Vert.x's logging
   * while the main thread built the command line. So logging starts here, on the main thread,
   * before any other thread exists.
   */
  static void initialiseLoggingFirst() {
    org.slf4j.LoggerFactory.getILoggerFactory();
    LauncherInternals.initialiseVertxLogging(Main.class);
  }

  /** Before Vert.x or Hazelcast load: otherwise their first lines go through java.util.logging. */
  static void routeLibraryLoggingToSlf4j() {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.setProperty("hazelcast.phone.home.enabled", "false");
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(ExitCodes::onExecutionException)
        .setParameterExceptionHandler(ExitCodes::onParameterException);
  }

  @Spec
  CommandSpec spec;

  @Option(names = "--conf", paramLabel = "FILE", description = "Run on this JSON config (same as 'netbus run --conf FILE').")
  Path conf;

  @Option(names = "--cluster", description = "Run and join the cluster (same as 'netbus run --cluster').")
  boolean cluster;

  @Override
  public Integer call() throws Exception {
    return RunCommand.with(conf, cluster, spec).call();
  }
}
