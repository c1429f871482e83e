package io.netbus.launcher.cli;

import io.netbus.bridge.client.BridgeClient;
import io.netbus.bridge.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus listen}: Print messages on ADDRESS, one JSON per line. */
@Command(name = "listen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print messages on ADDRESS as they arrive, one JSON per line (the body; --frame for the whole frame).",
    footer = {"%nExample:  netbus listen netbus.tcp.chat.in | jq -r .text",
        "Runs until Ctrl-C, --count messages, or the bridge closes the connection (status 1)."})
public final class ListenCommand implements Callable<Integer> {

  /** Pings keep the connection inside the bridge's idle timeout (default 60 s). */
  static final long PING_INTERVAL_MS = 15_000;

  @Mixin
  BusClientOptions bus;

  @Parameters(index = "0", paramLabel = "ADDRESS", description = "Bus address.")
  String address;

  @Option(names = "--count", paramLabel = "N", description = "Exit 0 after N messages.")
  Long count;

  @Option(names = "--frame", description = "Print the whole frame (address, headers, replyAddress, body).")
  boolean frame;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (count != null && count <= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    return bus.run(spec, Long.MAX_VALUE, address, client -> listen(client, out));
  }

  private Future<Integer> listen(BridgeClient client, PrintWriter out) {
    Promise<Integer> done = Promise.promise();
    long[] seen = {0};
    long[] pinger = {-1};
    io.vertx.core.Vertx vertx = client.vertx();
    client.closed().onComplete(v -> done.tryFail(new IllegalStateException("the bridge closed the connection")));
    return client.register(address, message -> {
      if (done.future().isComplete()) {
        return;
      }
      out.println(Json.encode(frame ? printable(message) : message.getValue(Frames.BODY)));
      out.flush();
      if (count != null && ++seen[0] >= count) {
        done.tryComplete(ExitCodes.OK);
      }
    }).compose(registered -> {
      if (System.console() != null) {
        // on a terminal a quiet bus and a typo look the same: say what is being listened to
        PrintWriter err = spec.commandLine().getErr();
        err.println("listening to " + address + " through the bridge at " + bus.bridge
            + (count == null ? " (Ctrl-C stops)" : " until " + count + " message(s)"));
        err.flush();
      }
      pinger[0] = vertx.setPeriodic(PING_INTERVAL_MS, id -> client.ping());
      return done.future();
    }).andThen(ar -> {
      if (pinger[0] != -1) {
        vertx.cancelTimer(pinger[0]);
      }
    });
  }

  private static JsonObject printable(JsonObject message) {
    JsonObject copy = message.copy();
    copy.remove(Frames.TYPE);
    return copy;
  }
}
