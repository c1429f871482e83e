package io.netbus.launcher.cli;

import io.netbus.bridge.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus send}: Send JSON to ADDRESS through the bridge and print the reply. */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Send JSON to ADDRESS through the bridge and print the reply's body (one JSON line).",
    footer = {"%nExamples:",
        "  netbus send netbus.scan '{\"host\":\"127.0.0.1\",\"ports\":\"9000-9999\"}'",
        "  netbus send netbus.tcp.request '{\"host\":\"127.0.0.1\",\"port\":50007,\"text\":\"hi\"}'",
        "%nExit status 1 when the bridge refuses the address, nobody answers, or the reply is a failure."})
public final class SendCommand implements Callable<Integer> {

  @Mixin
  BusClientOptions bus;

  @Parameters(index = "0", paramLabel = "ADDRESS", description = "Bus address.")
  String address;

  @Parameters(index = "1", paramLabel = "JSON", description = "Message body: any JSON value.")
  String json;

  @Option(names = "--timeout", paramLabel = "MS", defaultValue = "10000",
      description = "How long to wait for the reply (default: ${DEFAULT-VALUE} ms).")
  long timeoutMs;

  @Option(names = "--no-reply", description = "Send without waiting for a reply.")
  boolean noReply;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Object body = BusClientOptions.json(spec, "JSON", json);
    PrintWriter out = spec.commandLine().getOut();
    if (noReply) {
      return bus.run(spec, timeoutMs + 5000, address, client -> client.send(address, body).map(ExitCodes.OK));
    }
    return bus.run(spec, timeoutMs + 5000, address, client -> client.request(address, body, timeoutMs)
        .compose(reply -> {
          out.println(Json.encode(reply.getValue(Frames.BODY)));
          out.flush();
          return Future.succeededFuture(ExitCodes.OK);
        }));
  }
}
