package io.netbus.tcp.bench;

import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.TcpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain-Java benchmark of the TCP listeners; NOT part of {@code mvn verify} (the class name matches
 * no surefire pattern). Build the test classes, then run with the test classpath:
 *
 * <pre>
 * mvn -q -o -pl contract,tcp-verticle -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/tcp-bench.cp -Dmdep.includeScope=test
 * java -cp tcp-verticle/target/test-classes:tcp-verticle/target/classes:contract/target/classes:$(cat /tmp/tcp-bench.cp) \
 *     io.netbus.tcp.bench.TcpBench paired [cycles]               # the figures in the note
 * java -cp ... io.netbus.tcp.bench.TcpBench throughput [seconds] [rounds]
 * java -Xmx512m -cp ... io.netbus.tcp.bench.TcpBench idle-server PORT        # holds connections, prints heap
 * java -cp ...          io.netbus.tcp.bench.TcpBench idle-client PORT 10000  # opens them (second JVM: fd limits)
 * </pre>
 *
 * Throughput: 256 connections, each keeping a window of 32-byte lines in flight (pipelined),
 * against (a) a bare Vert.x NetServer echo with RecordParser, no bus, (b) netbus echo in line
 * framing, (c) netbus upper in line framing, (d) netbus echo with {@code publish} on. Each server
 * runs on one event loop; the load generator runs in a separate Vert.x instance. Rounds
 * alternate the servers so drift on a shared machine hits all of them; report ratios to (a) in
 * the same round.
 */
public final class TcpBench {

  static final int CONNECTIONS = 256;
  static final int WINDOW = 32;
  static final LongAdder CONSUMED = new LongAdder();
  static final LongAdder CLOSED = new LongAdder();
  static final List<NetClient> CLIENTS = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final byte[] LINE = "0123456789abcdefghijklmnopqrstu\n".getBytes(); // 32 bytes

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "throughput";
    switch (mode) {
      case "paired" -> paired(args.length > 1 ? Integer.parseInt(args[1]) : 15);
      case "throughput" -> throughput(args.length > 1 ? Integer.parseInt(args[1]) : 5,
          args.length > 2 ? Integer.parseInt(args[2]) : 3);
      case "idle-server" -> idleServer(Integer.parseInt(args[1]));
      case "idle-client" -> idleClient(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException(
          "mode: paired [cycles] | throughput [seconds] [rounds] | idle-server PORT | idle-client PORT N");
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  interface Server {
    Future<Integer> start(Vertx vertx);
  }

  /** The bare Vert.x NetServer echo: RecordParser, one write per line, no bus. */
  static final class BaselineEcho extends io.vertx.core.VerticleBase {
    NetServer server;

    @Override
    public Future<?> start() {
      server = vertx.createNetServer().connectHandler(socket -> {
        RecordParser parser = RecordParser.newDelimited("\n", socket).maxRecordSize(65536);
        parser.handler(line -> socket.write(Buffer.buffer(line.length() + 1).appendBuffer(line).appendByte((byte) '\n')));
      });
      return server.listen(0, "127.0.0.1");
    }
  }

  static Server baseline() {
    return vertx -> {
      BaselineEcho echo = new BaselineEcho();
      return vertx.deployVerticle(echo).map(id -> echo.server.actualPort());
    };
  }

  static Server netbus(String service, boolean publish) {
    return vertx -> {
      TcpVerticle root = new TcpVerticle();
      JsonObject listener = new JsonObject().put("name", "bench").put("port", 0).put("service", service)
          .put("framing", "line").put("publish", publish);
      return vertx.deployVerticle(root, new DeploymentOptions().setConfig(new JsonObject().put("instances", 1)
          .put("listeners", new JsonArray().add(listener)))).map(id -> root.actualPorts().get("bench"));
    };
  }


  /** The servers compared, the baseline first. */
  static Map<String, Server> servers() {
    Map<String, Server> servers = new LinkedHashMap<>();
    servers.put("baseline RecordParser echo", baseline());
    servers.put("netbus echo line", netbus("echo", false));
    servers.put("netbus upper line", netbus("upper", false));
    servers.put("netbus echo line publish=on", netbus("echo", true));
    servers.put("netbus echo publish=on +consumer", vertx -> netbus("echo", true).start(vertx).compose(port ->
        vertx.eventBus().<JsonObject>consumer(TcpAddresses.in("bench"), m -> CONSUMED.increment()).completion()
            .map(v -> port)));
    return servers;
  }

  /** 256 pipelining connections to one server that load only while {@code active}. */
  static final class Load {
    final LongAdder replies = new LongAdder();
    final List<NetSocket> sockets = new ArrayList<>();
    volatile boolean active;
    final Vertx vertx;
    final Buffer window;

    Load(Vertx vertx) {
      this.vertx = vertx;
      window = Buffer.buffer(WINDOW * LINE.length);
      for (int i = 0; i < WINDOW; i++) {
        window.appendBytes(LINE);
      }
    }

    /** Held in a field: Vert.x 5 closes an unreachable NetClient, and its connections with it. */
    NetClient client;

    void connect(int port) throws Exception {
      client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
      for (int i = 0; i < CONNECTIONS; i++) {
        NetSocket s = await(client.connect(port, "127.0.0.1"));
        sockets.add(s);
        s.closeHandler(v -> CLOSED.increment());
        s.handler(buf -> {
          byte[] b = buf.getBytes();
          int lines = 0;
          for (byte x : b) {
            if (x == '\n') {
              lines++;
            }
          }
          replies.add(lines);
          if (active && lines > 0) {
            Buffer more = Buffer.buffer(lines * LINE.length);
            for (int j = 0; j < lines; j++) {
              more.appendBytes(LINE);
            }
            s.write(more);
          }
        });
      }
    }

    void start() {
      active = true;
      sockets.forEach(s -> vertx.runOnContext(v -> s.write(window)));
    }
  }

  /**
   * All servers up at once, each with its own 256 connections; the load moves from one to the
   * next in 1 s slices, cycle after cycle, so every ratio compares slices seconds apart (the
   * fairest comparison on a shared, noisy machine). Reports the median ratio over the cycles.
   */
  static void paired(int cycles) throws Exception {
    Map<String, Server> servers = servers();
    List<String> names = new ArrayList<>(servers.keySet());
    List<Vertx> vertxes = new ArrayList<>();
    List<Load> loads = new ArrayList<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try {
      for (String name : names) {
        Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx loadVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertxes.add(serverVertx);
        vertxes.add(loadVertx);
        int port = await(servers.get(name).start(serverVertx));
        Load load = new Load(loadVertx);
        load.connect(port);
        loads.add(load);
        ratios.put(name, new ArrayList<>());
        rates.put(name, new ArrayList<>());
      }
      for (int cycle = 0; cycle <= cycles; cycle++) { // cycle 0 warms up
        double[] rate = new double[names.size()];
        for (int k = 0; k < names.size(); k++) {
          int i = (k + cycle) % names.size(); // rotate the order
          Load load = loads.get(i);
          load.start();
          waitMs(300);
          long r0 = load.replies.sum();
          long t0 = System.nanoTime();
          waitMs(1000);
          rate[i] = (load.replies.sum() - r0) / ((System.nanoTime() - t0) / 1e9);
          load.active = false;
          waitMs(200);
        }
        if (cycle > 0) {
          StringBuilder line = new StringBuilder("cycle " + cycle);
          for (int i = 0; i < names.size(); i++) {
            ratios.get(names.get(i)).add(rate[i] / rate[0]);
            rates.get(names.get(i)).add(rate[i]);
            line.append(String.format("  %.0f (%.2f)", rate[i], rate[i] / rate[0]));
          }
          System.out.println(line + (CLOSED.sum() > 0 ? "  (client connections closed: " + CLOSED.sum() + ")" : ""));
        }
      }
    } finally {
      for (Vertx v : vertxes) {
        await(v.close());
      }
    }
    System.out.println();
    System.out.printf("%-32s %14s %14s %10s%n", "server (256 conns, 32 B lines)", "median msg/s", "median ratio",
        "min ratio");
    for (String k : names) {
      System.out.printf("%-32s %14.0f %14.3f %10.3f%n", k, median(rates.get(k)), median(ratios.get(k)),
          ratios.get(k).stream().mapToDouble(Double::doubleValue).min().orElse(0));
    }
  }

  static void throughput(int seconds, int rounds) throws Exception {
    Map<String, Server> servers = servers();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    servers.keySet().forEach(k -> {
      rates.put(k, new ArrayList<>());
      ratios.put(k, new ArrayList<>());
    });
    for (Map.Entry<String, Server> e : servers.entrySet()) {
      System.out.printf("warm-up    %-32s %12.0f msg/s%n", e.getKey(), measure(e.getValue(), 2));
    }
    for (int round = 1; round <= rounds; round++) {
      double base = 0;
      for (Map.Entry<String, Server> e : servers.entrySet()) {
        double rate = measure(e.getValue(), seconds);
        if (e.getKey().startsWith("baseline")) {
          base = rate;
        }
        rates.get(e.getKey()).add(rate);
        ratios.get(e.getKey()).add(rate / base);
        System.out.printf("round %d  %-32s %12.0f msg/s  ratio %.3f%n", round, e.getKey(), rate, rate / base);
      }
    }
    System.out.println();
    System.out.printf("%-32s %14s %14s%n", "server", "median msg/s", "median ratio");
    for (String k : servers.keySet()) {
      System.out.printf("%-32s %14.0f %14.3f%n", k, median(rates.get(k)), median(ratios.get(k)));
    }
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** One server, fresh Vert.x instances for server and load; returns replies (lines) per second. */
  static double measure(Server server, int seconds) throws Exception {
    Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx loadVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      int port = await(server.start(serverVertx));
      LongAdder replies = new LongAdder();
      NetClient client = loadVertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
      CLIENTS.add(client); // reachable until the end: Vert.x 5 closes unreachable clients
      List<NetSocket> sockets = new ArrayList<>();
      Buffer window = Buffer.buffer(WINDOW * LINE.length);
      for (int i = 0; i < WINDOW; i++) {
        window.appendBytes(LINE);
      }
      for (int i = 0; i < CONNECTIONS; i++) {
        NetSocket s = await(client.connect(port, "127.0.0.1"));
        sockets.add(s);
        s.handler(buf -> {
          byte[] b = buf.getBytes();
          int lines = 0;
          for (byte x : b) {
            if (x == '\n') {
              lines++;
            }
          }
          if (lines > 0) {
            replies.add(lines);
            Buffer more = lines == WINDOW ? window : Buffer.buffer(lines * LINE.length);
            if (more != window) {
              for (int j = 0; j < lines; j++) {
                more.appendBytes(LINE);
              }
            }
            s.write(more);
          }
        });
      }
      sockets.forEach(s -> loadVertx.runOnContext(v -> s.write(window)));
      waitMs(1500); // warm-up
      long r0 = replies.sum();
      long t0 = System.nanoTime();
      waitMs(seconds * 1000L);
      long r1 = replies.sum();
      long t1 = System.nanoTime();
      return (r1 - r0) / ((t1 - t0) / 1e9);
    } finally {
      await(loadVertx.close());
      await(serverVertx.close());
    }
  }

  static void waitMs(long ms) throws InterruptedException {
    // the harness thread just waits for the clock: the load runs on event loops
    Thread.sleep(ms);
  }

  static void idleServer(int port) throws Exception {
    Vertx vertx = Vertx.vertx();
    JsonObject listener = new JsonObject().put("name", "idle").put("port", port).put("service", "chat")
        .put("framing", "line").put("maxConnections", 20_000);
    await(vertx.deployVerticle(new TcpVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put("listeners", new JsonArray().add(listener)))));
    AtomicInteger open = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(TcpAddresses.events("idle"), m -> {
      if ("open".equals(m.body().getString("event"))) {
        open.incrementAndGet();
      } else {
        open.decrementAndGet();
      }
    });
    System.out.printf("idle-server on %d, max heap %d MiB%n", port, Runtime.getRuntime().maxMemory() >> 20);
    for (int i = 0; i < 600; i++) {
      waitMs(2000);
      System.gc();
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf("connections %6d  heap used after GC %5d MiB%n", open.get(), used >> 20);
    }
  }

  static void idleClient(int port, int n) throws Exception {
    Vertx vertx = Vertx.vertx();
    NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000));
    CLIENTS.add(client);
    List<NetSocket> sockets = new ArrayList<>();
    int batch = 500;
    for (int i = 0; i < n; i += batch) {
      List<Future<NetSocket>> fs = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + batch); j++) {
        fs.add(client.connect(port, "127.0.0.1"));
      }
      for (Future<NetSocket> f : fs) {
        sockets.add(await(f));
      }
    }
    System.out.printf("idle-client: %d connections open; holding 60 s%n", sockets.size());
    waitMs(60_000);
    System.out.println(Arrays.toString(new int[] {sockets.size()}));
    await(vertx.close());
  }

  private TcpBench() {
  }
}
