package io.netbus.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netbus bench bus}: event-bus request-reply and publish, through the bridge or in-process. */
@Command(name = "bus", mixinStandardHelpOptions = true, versionProvider = BenchVersion.class,
    description = {"Event-bus request-reply or publish load, through the bridge or in-process.",
        "Round trips (--pattern request) or deliveries (--pattern publish) with a bounded window, "
            + "through a TCP event-bus bridge (--bridge, default 127.0.0.1:7000), --in-process, or between "
            + "two clustered nodes in this process (--in-process --cluster-port PORT).",
        "Through the bridge it uses the address netbus.bench.<random id>, which the bridge must permit.",
        "A TLS bridge: --tls (or --ca F); an auth section: --token T (or $NETBUS_TOKEN), sent in every frame's headers."})
public final class BusBenchCommand implements Callable<Integer> {

  @Option(names = "--bridge", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7000",
      description = "The bridge (default ${DEFAULT-VALUE}).")
  String bridge;

  @Option(names = "--in-process", description = "Measure the local event bus of this process instead of a bridge.")
  boolean inProcess;

  @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "0",
      description = "With --in-process: run two Hazelcast-clustered nodes in this process on 127.0.0.1 PORT and "
          + "PORT+1 (consumer on one, sender on the other).")
  int clusterPort;

  @Option(names = {"-p", "--pattern"}, defaultValue = "request", description = "request or publish (default ${DEFAULT-VALUE}).")
  String pattern;

  @Option(names = {"-W", "--window"},
      description = "Messages in flight (default 64); with --rate, the most in flight (default 1024).")
  Integer window;

  @Option(names = {"-r", "--rate"}, paramLabel = "MSG/S",
      description = "Open loop: send this many messages/s on a fixed schedule; latency from each message's intended "
          + "send time.")
  Double rate;

  @Option(names = {"-s", "--size"}, defaultValue = "32", description = "Text bytes per message (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = {"-w", "--warmup"}, defaultValue = "1", paramLabel = "SECONDS",
      description = "Warm-up before measuring (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The client's token, sent in every frame's headers (default: $" + TlsOptions.TOKEN_ENV + ").")
  String token;

  @Mixin
  TlsOptions tlsOptions;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (clusterPort != 0 && !inProcess) {
      throw new IllegalArgumentException("--cluster-port: needs --in-process (both nodes run in this process)");
    }
    ClientTls tls = tlsOptions.tls();
    String t = TlsOptions.token(token);
    if (inProcess && (tls != null || t != null)) {
      throw new IllegalArgumentException((tls != null ? "--tls" : "--token") + ": only with a bridge (not --in-process)");
    }
    double r = rate == null ? 0 : RateSchedule.checkRate(rate);
    int w = window != null ? window : r > 0 ? TcpBench.OPEN_LOOP_DEPTH : 64;
    BusBench.Options options = new BusBench.Options(inProcess ? null : common.target(bridge), pattern, w, size,
        common.limits(warmup), clusterPort, r, tls != null ? tls : ClientTransport.PLAIN, t);
    return common.print(BusBench.run(options, common.progress("msg")), spec.commandLine().getOut());
  }
}
