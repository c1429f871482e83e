package io.netbus.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus bench handshake HOST:PORT}: new connections (TLS handshakes) at a fixed rate. */
@Command(name = "handshake", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"A storm of new connections at a fixed rate, each closed once established (with --tls: once its "
        + "handshake completed, the server's certificate verified). Reports connections/s and the time from each "
        + "connection's scheduled start to its end of handshake."},
    footer = {"%nExamples:",
        "  netbus bench handshake 127.0.0.1:7443 --ca certs/ca.crt --rate 500 -d 10",
        "Pair it with `netbus bench tcp --rate ...` on the same listener to see a storm's effect on open connections."})
public final class HandshakeBenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server.")
  String target;

  @Option(names = {"-r", "--rate"}, paramLabel = "CONN/S", defaultValue = "500",
      description = "New connections per second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
      description = "At most N connections being opened at once per thread; later ones wait, still timed from their "
          + "schedule (default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = {"-w", "--warmup"}, defaultValue = "1", paramLabel = "SECONDS",
      description = "Warm-up before measuring (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = {"-t", "--threads"}, description = "Client event loops sharing the rate (default: number of cores).")
  Integer threads;

  @Mixin
  TlsOptions tlsOptions;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HandshakeBench.Options options = new HandshakeBench.Options(common.target(target), RateSchedule.checkRate(rate),
        maxInFlight, common.limits(warmup), tlsOptions.transport(),
        threads != null ? threads : Runtime.getRuntime().availableProcessors());
    return common.print(HandshakeBench.run(options, common.progress("conn")), spec.commandLine().getOut());
  }
}
