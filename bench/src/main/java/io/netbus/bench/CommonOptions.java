package io.netbus.bench;

import io.netbus.contract.ExitStatus;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Options every bench shares: how long, how much, what to print, and the loopback guard. */
public final class CommonOptions {

  @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
      description = "Measure for this long (default 10; with --count, an upper bound, default 3600).")
  Double duration;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "0",
      description = "Stop after N replies measured instead (0: by duration).")
  long count;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Connect timeout; how long replies may stop (with messages in flight) before the run fails; "
          + "the wait for the replies in flight at the end (default ${DEFAULT-VALUE}). A peer that never answers "
          + "fails the run within 3 s.")
  double timeout;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
  boolean quiet;

  @Option(names = "--allow-remote", description = "Allow a target that is not a loopback address.")
  boolean allowRemote;

  Limits limits(double warmup) {
    double d = duration != null ? duration : count > 0 ? Limits.MAX_SECONDS : 10;
    return new Limits(warmup, d, count, timeout);
  }

  Target target(String text) {
    return Target.parse(text).checkLoopback(allowRemote);
  }

  BenchProgress progress(String unit) {
    return new BenchProgress(System.err, !quiet, unit);
  }

  /** Prints the report as asked; a run with errors exits 1 (a wrong reply is an error, not a number). */
  int print(BenchReport report, PrintWriter out) {
    out.println(json ? report.toJson().encodePrettily() : report.toTable());
    out.flush();
    return report.errorTotal() == 0 ? ExitStatus.OK : ExitStatus.FAILURE;
  }
}
