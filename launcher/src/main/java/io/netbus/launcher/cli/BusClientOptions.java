package io.netbus.launcher.cli;

import io.netbus.bridge.client.BridgeClient;
import io.netbus.bridge.BridgeConfig;
import io.netbus.contract.ConfigException;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.net.NetClientOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the bus client commands (send, publish, listen, ...) share: {@code --bridge}, TLS
 * ({@code --tls --ca --cert --key}; the bridge's certificate is always verified, against
 * {@code --ca} or else the JVM's trusted authorities, and its name against {@code --bridge}'s
 * host), the client's {@code --token} (or {@code NETBUS_TOKEN}), the connection and its errors.
 */
final class BusClientOptions {

  /** Where {@code --token} comes from when it is not given. */
  static final String TOKEN_ENV = "NETBUS_TOKEN";

  @Option(names = "--bridge", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + BridgeConfig.DEFAULT_PORT,
      description = "The node's event-bus bridge (default: ${DEFAULT-VALUE}).")
  String bridge;

  @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "16777216", hidden = true,
      description = "Largest frame accepted from the bridge.")
  int maxFrame;

  @Option(names = "--tls", description = "Speak TLS to the bridge (implied by --ca, --cert and --key).")
  boolean tls;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM CA certificate the bridge's certificate must chain to (default: the JVM's trusted CAs).")
  String ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate to present (with --key).")
  String cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert.")
  String key;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The client's token, sent in every frame's headers (default: $" + TOKEN_ENV + ").")
  String token;

  /** The connection's options: plain TCP, or TLS that verifies the bridge. */
  NetClientOptions netOptions() {
    if (ca == null && cert == null && key == null) {
      return tls ? new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
          .setEnabledSecureTransportProtocols(TlsOptionsFactory.PROTOCOLS) : new NetClientOptions();
    }
    if (ca == null) {
      throw new ConfigException("--ca", "is required with --cert/--key (the CA that signed the bridge's certificate)");
    }
    return TlsOptionsFactory.configureClient(new NetClientOptions(), TlsSection.client(ca, cert, key, Path.of("")));
  }

  /** {@code --token}, else {@code NETBUS_TOKEN}, else none. */
  String token() {
    String t = token != null ? token : System.getenv(TOKEN_ENV);
    return t == null || t.isBlank() ? null : t.trim();
  }

  /** One line on why the bridge could not be reached; a certificate that does not verify says so. */
  private String unreachable(String where, Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c instanceof CertificateException) {
        Throwable root = c;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        return "TLS to the bridge at " + where + " failed: its certificate does not verify"
            + (ca == null ? " against the JVM's trusted CAs (give --ca)" : " against --ca " + ca) + ": "
            + root.getMessage();
      }
    }
    return "cannot reach the bridge at " + where + ": " + e.getMessage();
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
    NetClientOptions options;
    try {
      options = netOptions();
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.builder().build();
    try {
      String where = host + ":" + port;
      Future<Integer> result = BridgeClient.connect(vertx, host, port, maxFrame, options, token())
          .recover(e -> Future.failedFuture(e instanceof BridgeClient.WrongPeerException ? e
              : new IllegalStateException(unreachable(where, e), e)))
          .compose(client -> body.apply(client).eventually(client::close));
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
