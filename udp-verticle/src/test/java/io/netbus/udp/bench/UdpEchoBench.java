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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
      List<Double> ratios = new ArrayList<>();
      List<Double> quietRatios = new ArrayList<>();
      List<Double> ratios64k = new ArrayList<>();
      System.out.printf("echo of %d-byte datagrams, window %d, %d s per run, %d rounds%n", bytes, window, seconds, rounds);
      for (int r = 1; r <= rounds; r++) {
        double bare = run(vertx, clientVertx, new BareEcho(new DatagramSocketOptions()), seconds, window, bytes);
        double bare64k = run(vertx, clientVertx, new BareEcho(UdpListenerVerticle.socketOptions(false)), seconds,
            window, bytes);
        double netbus = run(vertx, clientVertx, new NetbusEcho(true), seconds, window, bytes);
        double quiet = run(vertx, clientVertx, new NetbusEcho(false), seconds, window, bytes);
        ratios.add(netbus / bare);
        quietRatios.add(quiet / bare);
        System.out.printf("round %d: bare %.0f/s  bare 64k-read %.0f/s (%.2f)  netbus %.0f/s (%.2f)"
            + "  netbus publish=false %.0f/s (%.2f)%n", r, bare, bare64k, bare64k / bare, netbus, netbus / bare, quiet,
            quiet / bare);
        ratios64k.add(netbus / bare64k);
      }
      System.out.printf("median ratio netbus/bare %.2f, publish=false/bare %.2f, netbus/bare-64k-read %.2f%n",
          median(ratios), median(quietRatios), median(ratios64k));
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

  private static double run(Vertx vertx, Vertx clientVertx, Server server, int seconds, int window, int bytes) throws Exception {
    Deployed deployed = await(server.deploy(vertx));
    int port = deployed.port();
    Client client = new Client(port, window, bytes);
    String clientId = await(clientVertx.deployVerticle(client));
    Thread.sleep(1000); // warm-up (a harness, not a test)
    long before = client.replies;
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long count = client.replies - before;
    double rate = count / ((System.nanoTime() - t0) / 1e9);
    await(clientVertx.undeploy(clientId));
    await(vertx.undeploy(deployed.id()));
    return rate;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
