package io.netbus.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus bench udp HOST:PORT}: datagram request-reply load with a bounded window, loss counted. */
@Command(name = "udp", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"Datagram load on a UDP echo (or upper) server, loss counted.",
        "A bounded window in flight; every reply is matched by its sequence number and checked; "
            + "a datagram unanswered after --loss-after is lost (reported, not an error)."})
public final class UdpBenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The server to load.")
  String target;

  @Option(names = {"-c", "--connections"}, defaultValue = "1", description = "Client sockets (default ${DEFAULT-VALUE}).")
  int sockets;

  @Option(names = {"-W", "--window"},
      description = "Datagrams in flight per socket (default 64); with --rate, the most in flight per socket (default 1024).")
  Integer window;

  @Option(names = {"-r", "--rate"}, paramLabel = "DGRAM/S",
      description = "Open loop: send this many datagrams/s in total across the sockets on a fixed schedule; "
          + "latency from each datagram's intended send time.")
  Double rate;

  @Option(names = {"-s", "--size"}, defaultValue = "64", description = "Datagram size, at least 16 (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = {"-e", "--expect"}, defaultValue = "echo", description = "echo or upper (default ${DEFAULT-VALUE}).")
  String expect;

  @Option(names = "--loss-after", defaultValue = "500", paramLabel = "MS",
      description = "A datagram unanswered this long is lost (default ${DEFAULT-VALUE}).")
  int lossMillis;

  @Option(names = {"-w", "--warmup"}, defaultValue = "2", paramLabel = "SECONDS",
      description = "Warm-up before measuring (default ${DEFAULT-VALUE}).")
  double warmup;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    double r = rate == null ? 0 : RateSchedule.checkRate(rate);
    int w = window != null ? window : r > 0 ? TcpBench.OPEN_LOOP_DEPTH : 64;
    UdpBench.Options options = new UdpBench.Options(common.target(target), sockets, w, size,
        Expect.parse(expect), common.limits(warmup), lossMillis,
        Math.min(sockets, Runtime.getRuntime().availableProcessors()), r);
    return common.print(UdpBench.run(options, common.progress("datagram")), spec.commandLine().getOut());
  }
}
