package io.netbus.udp.bench;

import io.netbus.udp.UdpListenerVerticle;
import io.netbus.udp.UdpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Not a test (not run by {@code mvn verify}): echo of 64-byte datagrams with a bounded window in
 * flight, netbus's echo listener against a bare Vert.x DatagramSocket echo, alternating in one run.
 *
 * <pre>
 * mvn -q -o -pl udp-verticle -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/udp-cp.txt
 * java -cp udp-verticle/target/test-classes:udp-verticle/target/classes:contract/target/classes:$(cat /tmp/udp-cp.txt) \
 *     io.netbus.udp.bench.UdpEchoBench [seconds-per-round=5] [rounds=3] [window=64] [bytes=64]
 * </pre>
 */
public final class UdpEchoBench {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int bytes = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    // one event loop for the servers, another for the client: same placement for every server under test
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1)).build();
    Vertx clientVertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1)).build();
    try {
      long serverThread = await(onLoop(vertx));
      System.out.printf("echo of %d-byte datagrams, window %d, %d s per run, %d rounds%n", bytes, window, seconds, rounds);
      System.out.println("rate = echoes/s seen by the client; cpu = server event-loop CPU µs per echo;"
          + " ratios are against the bare echo of the same round (rate: higher is better; cpu: bare/x, higher is better)");
      List<Supplier<Server>> servers = List.of(() -> new BareEcho(new DatagramSocketOptions()),
          () -> new BareEcho(UdpListenerVerticle.socketOptions(false)), () -> new NetbusEcho(true),
          () -> new NetbusEcho(false));
      String[] names = {"bare", "bare 64k-read", "netbus", "netbus publish=false"};
      List<List<Double>> rateRatios = new ArrayList<>();
      List<List<Double>> cpuRatios = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        rateRatios.add(new ArrayList<>());
        cpuRatios.add(new ArrayList<>());
      }
      for (int r = 1; r <= rounds; r++) {
        Result[] results = new Result[servers.size()];
        StringBuilder line = new StringBuilder("round " + r + ":");
        for (int i = 0; i < servers.size(); i++) {
          results[i] = run(vertx, clientVertx, servers.get(i).get(), serverThread, seconds, window, bytes);
          double rateRatio = results[i].rate() / results[0].rate();
          double cpuRatio = results[0].cpuMicros() / results[i].cpuMicros();
          rateRatios.get(i).add(rateRatio);
          cpuRatios.get(i).add(cpuRatio);
          line.append(String.format("  %s %.0f/s %.2fµs (%.2f, %.2f)", names[i], results[i].rate(),
              results[i].cpuMicros(), rateRatio, cpuRatio));
        }
        System.out.println(line);
      }
      for (int i = 1; i < servers.size(); i++) {
        System.out.printf("median %s/bare: rate %.2f, cpu efficiency %.2f%n", names[i], median(rateRatios.get(i)),
            median(cpuRatios.get(i)));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /** A server under test: deploys, then reports its deployment and port. */
  interface Server {
    Future<Deployed> deploy(Vertx vertx);
  }

  record Deployed(String id, int port) {
  }

  /** The baseline: a bare Vert.x DatagramSocket that sends every datagram back. */
  static final class BareEcho extends VerticleBase implements Server {
    private final DatagramSocketOptions options;
    private DatagramSocket socket;

    BareEcho(DatagramSocketOptions options) {
      this.options = options;
    }

    @Override
    public Future<?> start() {
      socket = vertx.createDatagramSocket(options);
      socket.handler(p -> socket.send(p.data(), p.sender().port(), p.sender().host()));
      return socket.listen(0, "127.0.0.1");
    }

    @Override
    public Future<Deployed> deploy(Vertx vertx) {
      return vertx.deployVerticle(this).map(id -> new Deployed(id, socket.localAddress().port()));
    }
  }

  /** netbus: the udp module with one echo listener, publishing on the bus or not. */
  static final class NetbusEcho implements Server {
    private final boolean publish;

    NetbusEcho(boolean publish) {
      this.publish = publish;
    }

    @Override
    public Future<Deployed> deploy(Vertx vertx) {
      UdpVerticle udp = new UdpVerticle();
      JsonObject config = new JsonObject().put("listeners", new JsonArray().add(new JsonObject()
          .put("name", "bench").put("port", 0).put("service", "echo").put("publish", publish)));
      return vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config)).map(id -> new Deployed(id, udp.ports().get("bench")));
    }
  }

  /**
   * Keeps {@code window} datagrams in flight: one new datagram per reply. When nothing came back
   * for 200 ms the in-flight ones are taken as lost and the window is sent afresh.
   */
  static final class Client extends VerticleBase {
    private final int port;
    private final int window;
    private final Buffer payload;
    private DatagramSocket socket;
    volatile long replies;
    private long lastSeen;

    Client(int port, int window, int bytes) {
      this.port = port;
      this.window = window;
      this.payload = Buffer.buffer(new byte[bytes]);
    }

    @Override
    public Future<?> start() {
      socket = vertx.createDatagramSocket(new DatagramSocketOptions());
      socket.handler(p -> {
        replies++;
        socket.send(payload, port, "127.0.0.1");
      });
      vertx.setPeriodic(200, id -> {
        if (replies == lastSeen) {
          fill();
        }
        lastSeen = replies;
      });
      return socket.listen(0, "127.0.0.1").onSuccess(s -> fill());
    }

    private void fill() {
      for (int i = 0; i < window; i++) {
        socket.send(payload, port, "127.0.0.1");
      }
    }
  }

  record Result(double rate, double cpuMicros) {
  }

  /** The id of the thread running the (single) event loop of {@code vertx}. */
  private static Future<Long> onLoop(Vertx vertx) {
    io.vertx.core.Promise<Long> id = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> id.complete(Thread.currentThread().getId()));
    return id.future();
  }

  private static Result run(Vertx vertx, Vertx clientVertx, Server server, long serverThread, int seconds, int window,
      int bytes) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Deployed deployed = await(server.deploy(vertx));
    int port = deployed.port();
    Client client = new Client(port, window, bytes);
    String clientId = await(clientVertx.deployVerticle(client));
    Thread.sleep(1000); // warm-up (a harness, not a test)
    long before = client.replies;
    long cpu0 = threads.getThreadCpuTime(serverThread);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long count = client.replies - before;
    long cpu = threads.getThreadCpuTime(serverThread) - cpu0;
    double rate = count / ((System.nanoTime() - t0) / 1e9);
    await(clientVertx.undeploy(clientId));
    await(vertx.undeploy(deployed.id()));
    return new Result(rate, cpu / 1e3 / Math.max(1, count));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
