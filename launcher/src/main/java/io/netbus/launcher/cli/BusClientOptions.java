package io.netbus.launcher.cli;

import io.netbus.bridge.client.BridgeClient;
import io.netbus.bridge.BridgeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.net.NetClientOptions;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the bus client commands (send, publish, listen, ...) share: {@code --bridge}, the client
 * mixin {@link ClientTlsOptions} ({@code --tls --ca --cert --key --token}, as on every client
 * command; the bridge's certificate is always verified, and its name against {@code --bridge}'s
 * host), the connection and its errors.
 */
final class BusClientOptions {

  @Option(names = "--bridge", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + BridgeConfig.DEFAULT_PORT,
      description = "The node's event-bus bridge (default: ${DEFAULT-VALUE}).")
  String bridge;

  @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "16777216", hidden = true,
      description = "Largest frame accepted from the bridge.")
  int maxFrame;

  @Mixin
  ClientTlsOptions client;

  /** One line on why the bridge could not be reached; a certificate that does not verify says so. */
  private String unreachable(String where, Throwable e) {
    String tls = client.tls.tlsFailure("the bridge at " + where, e);
    return tls != null ? tls : "cannot reach the bridge at " + where + ": " + e.getMessage();
  }

  /** Parses a JSON argument (any JSON value), or explains how to quote it. */
  static Object json(CommandSpec spec, String what, String text) {
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ParameterException(spec.commandLine(), what + ": '" + text + "' is not JSON (quote text as '\"hi\"'"
          + " or send an object like '{\"text\":\"hi\"}')");
    }
  }

  /**
   * Connects, runs {@code body} and waits for its future (at most {@code waitMs}); the result is
   * the exit status. Connection and bridge failures print one line and give status 1.
   */
  int run(CommandSpec spec, long waitMs, Function<BridgeClient, Future<Integer>> body) throws Exception {
    return run(spec, waitMs, null, body);
  }

  /** As {@link #run(CommandSpec, long, Function)}; failures name {@code address}, the one the user gave. */
  int run(CommandSpec spec, long waitMs, String address, Function<BridgeClient, Future<Integer>> body)
      throws Exception {
    int colon = bridge.lastIndexOf(':');
    int port;
    try {
      port = colon <= 0 ? -1 : Integer.parseInt(bridge.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--bridge: '" + bridge + "' is not HOST:PORT");
    }
    String host = bridge.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    NetClientOptions options = client.tls.netOptions(spec);
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.builder().build();
    try {
      String where = host + ":" + port;
      Future<Integer> result = BridgeClient.connect(vertx, host, port, maxFrame, options, client.token())
          .recover(e -> Future.failedFuture(e instanceof BridgeClient.WrongPeerException ? e
              : new IllegalStateException(unreachable(where, e), e)))
          .compose(bridgeClient -> body.apply(bridgeClient).eventually(bridgeClient::close));
      try {
        return result.toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        err.println("netbus " + spec.name() + ": " + BusErrors.describe(cause, address));
        err.flush();
        return cause instanceof CommandFailure failure ? failure.exitCode() : ExitCodes.FAILURE;
      } catch (TimeoutException e) {
        err.println("netbus " + spec.name() + ": timed out after " + waitMs + " ms");
        err.flush();
        return ExitCodes.FAILURE;
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
