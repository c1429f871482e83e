package io.netbus.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus bench file HOST:PORT}: file transfer throughput. */
@Command(name = "file", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"File transfer throughput: push, get, put (one transfer after another, default one).",
        "  push: connect, read to EOF (a push listener, nc -l < f, socat ...,fork OPEN:f)",
        "  get:  the file protocol's get of --name from an exchange listener",
        "  put:  the protocol's put of --size bytes as --name (timed to the verdict)",
        "  send: write --size bytes, half-close, wait for the close (nc -l > f)",
        "With --tls (or --ca) every transfer runs over TLS, the server's certificate and name verified."})
public final class FileBenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server to fetch from.")
  String target;

  @Option(names = {"-m", "--mode"}, defaultValue = "push", description = "push, get, put or send (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--name", paramLabel = "REMOTE", description = "The remote file for get and put.")
  String name;

  @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1073741824",
      description = "Bytes to put or send (default ${DEFAULT-VALUE}, 1 GiB).")
  long size;

  @Option(names = "--expect-size", defaultValue = "-1", paramLabel = "BYTES",
      description = "Each transfer must be this long, else it is an error.")
  long expectSize;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The client's token, sent in get and put request lines (default: $" + TlsOptions.TOKEN_ENV + ").")
  String token;

  @Mixin
  TlsOptions tlsOptions;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (common.count == 0 && common.duration == null) {
      common.count = 1;
    }
    FileBench.Options options = new FileBench.Options(common.target(target), mode, name, size, expectSize,
        common.limits(0), tlsOptions.tls(), TlsOptions.token(token));
    return common.print(FileBench.run(options, common.progress("B")), spec.commandLine().getOut());
  }
}
