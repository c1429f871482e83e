package io.netbus.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus bench idle HOST:PORT}: hold many idle connections (to measure what they cost a server). */
@Command(name = "idle", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"Open N idle TCP connections, print 'open N' once they are all open, hold them, close.",
        "Pair it with a heap reading of the server (bench/compare.sh does) for memory per connection."})
public final class IdleBenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server.")
  String target;

  @Option(names = {"-c", "--connections"}, defaultValue = "10000", description = "Connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--hold", defaultValue = "10", paramLabel = "SECONDS",
      description = "How long to hold them open (default ${DEFAULT-VALUE}).")
  double hold;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    IdleBench.Options options = new IdleBench.Options(common.target(target), connections, hold, common.timeout);
    return common.print(IdleBench.run(options, System.out), spec.commandLine().getOut());
  }
}
