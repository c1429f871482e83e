package io.netbus.launcher.bench;

import io.netbus.launcher.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus bench file HOST:PORT}: file transfer throughput. */
@Command(name = "file", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"File transfer throughput. --mode push (the default): connect, read to EOF, count the",
        "bytes; against a netbus push listener or any server that streams a file on connect",
        "(nc -l < f, socat TCP-LISTEN:...,fork OPEN:f). get/put against an exchange listener: not yet."})
public final class FileBenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server to fetch from.")
  String target;

  @Option(names = {"-m", "--mode"}, defaultValue = "push", description = "push (get and put: to come).")
  String mode;

  @Option(names = "--expect-size", defaultValue = "-1", paramLabel = "BYTES",
      description = "Each transfer must be this long, else it is an error.")
  long expectSize;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (common.count == 0 && common.duration == null) {
      common.count = 1;
    }
    FileBench.Options options = new FileBench.Options(common.target(target), mode, expectSize, common.limits(0));
    return common.print(FileBench.run(options, common.progress("B")), spec.commandLine().getOut());
  }
}
