package io.netbus.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus bench tcp HOST:PORT}: pipelined request-reply load against any echo-like TCP server. */
@Command(name = "tcp", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"Pipelined request-reply load on a TCP echo (or upper) server; every reply is checked.",
        "Works against netbus listeners and any peer (socat, a bare Vert.x server, a script)."},
    footer = {"%nExamples:",
        "  netbus bench tcp 127.0.0.1:7001 -c 16 -D 64 --framing line",
        "  netbus bench tcp 127.0.0.1:50007 --framing raw --expect upper --json",
        "  netbus bench tcp 127.0.0.1:7001 -c 1000 --rate 20000 -d 60   # open loop: 1,000 connections x 20 msg/s",
        "  netbus bench tcp 127.0.0.1:7443 --ca certs/ca.crt -c 16 -D 64   # a TLS listener",
        "Raw framing checks the reply stream byte for byte (servers echo chunks as they read them)."})
public final class TcpBenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server to load.")
  String target;

  @Option(names = {"-c", "--connections"}, defaultValue = "16", description = "Connections (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = {"-D", "--depth"},
      description = "Messages in flight per connection (pipeline depth, default 16); with --rate, the most in flight "
          + "per connection (default 1024).")
  Integer depth;

  @Option(names = {"-r", "--rate"}, paramLabel = "MSG/S",
      description = "Open loop: send this many messages/s in total across the connections on a fixed schedule, "
          + "whatever the replies do; latency from each message's intended send time.")
  Double rate;

  @Option(names = {"-s", "--size"}, defaultValue = "32",
      description = "Message size in bytes, framing excluded (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = {"-f", "--framing"}, defaultValue = "line", description = "line, length or raw (default ${DEFAULT-VALUE}).")
  String framing;

  @Option(names = {"-e", "--expect"}, defaultValue = "echo", description = "echo or upper (default ${DEFAULT-VALUE}).")
  String expect;

  @Option(names = {"-w", "--warmup"}, defaultValue = "2", paramLabel = "SECONDS",
      description = "Warm-up before measuring (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = {"-t", "--threads"}, description = "Client event loops (default: number of cores).")
  Integer threads;

  @Mixin
  TlsOptions tlsOptions;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    double r = rate == null ? 0 : RateSchedule.checkRate(rate);
    int d = depth != null ? depth : r > 0 ? TcpBench.OPEN_LOOP_DEPTH : 16;
    TcpBench.Options options = new TcpBench.Options(common.target(target), connections, d, size,
        BenchFraming.parse(framing), Expect.parse(expect), common.limits(warmup),
        threads != null ? threads : Math.min(connections, Runtime.getRuntime().availableProcessors()), r,
        tlsOptions.transport());
    return common.print(TcpBench.run(options, common.progress("msg")), spec.commandLine().getOut());
  }
}
