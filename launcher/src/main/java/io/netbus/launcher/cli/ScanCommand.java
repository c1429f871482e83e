package io.netbus.launcher.cli;

import io.netbus.tcp.client.PortRanges;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.client.TcpClientVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netbus scan HOST PORTS}: TCP connect scan (the port scanner of seed 004's sidebar). Runs
 * the TCP module's NetClient verticle in-process and asks it on the local bus
 * ({@code netbus.scan}), so the CLI and the bus service share one implementation.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"TCP connect scan of HOST over PORTS (e.g. 22,80,8000-8100).",
        "Prints one 'PORT open' line per open port, ascending."},
    footer = {"%nExample:", "  netbus scan 127.0.0.1 1-1024,8080"})
public final class ScanCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST", description = "Host name or address.")
  String host;

  @Parameters(index = "1", paramLabel = "PORTS", description = "Ports and ranges, comma-separated: 22,80,8000-8100.")
  String ports;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "1000",
      description = "Per-port connect timeout (default: ${DEFAULT-VALUE}).")
  int timeoutMs;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "100",
      description = "Connects in flight at once, at most 1000 (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Integer> list;
    try {
      list = PortRanges.parse(ports);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "PORTS: " + e.getMessage());
    }
    if (timeoutMs <= 0 || concurrency <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout-ms and --concurrency must be > 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      err.println("netbus: unknown host " + host);
      return ExitCodes.FAILURE;
    }
    int parallel = Math.min(concurrency, TcpClientVerticle.MAX_SCAN_CONCURRENCY);
    long budgetMs = ((long) list.size() / parallel + 1) * timeoutMs + 10_000;
    Vertx vertx = Vertx.builder().build();
    try {
      vertx.deployVerticle(new TcpClientVerticle()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Message<JsonObject> reply = vertx.eventBus().<JsonObject>request(TcpAddresses.SCAN,
          new JsonObject().put(TcpAddresses.HOST, host).put(TcpAddresses.PORTS, ports)
              .put(TcpAddresses.TIMEOUT_MS, timeoutMs).put(TcpAddresses.CONCURRENCY, parallel),
          new DeliveryOptions().setSendTimeout(budgetMs))
          .toCompletionStage().toCompletableFuture().get(budgetMs + 5_000, TimeUnit.MILLISECONDS);
      List<Object> open = reply.body().getJsonArray(TcpAddresses.OPEN).getList();
      open.forEach(p -> out.println(p + " open"));
      out.flush();
      if (open.isEmpty()) {
        err.println("netbus: no open port among " + list.size() + " on " + host);
      }
      return ExitCodes.OK;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
