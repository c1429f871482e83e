package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.forward.Forwarder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forward service on real sockets: a test client connects to a forward listener, the test's
 * own server socket is the target. Byte-exact streams both ways, half-close, a slow reader,
 * a target that refuses, unix sockets on both sides.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ForwardTest {

  private static final int MIB = 1024 * 1024;
  private static final int IO_TIMEOUT_MS = 20_000;
  private static final boolean ON_NIO = "nio".equals(System.getProperty("netbus.test.transport"));

  private Vertx vertx;
  private ServerSocket target;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @TempDir
  Path dir;

  @BeforeEach
  void setUp() throws IOException {
    // the node prefers the native transport (unix sockets need it); -Dnetbus.test.transport=nio runs on NIO
    vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(!ON_NIO)).build();
    target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    target.setSoTimeout(IO_TIMEOUT_MS);
  }

  @AfterEach
  void tearDown() throws Exception {
    threads.shutdownNow();
    target.close();
    await(vertx.close());
  }

  private int forwardTo(String to) throws Exception {
    JsonObject l = new JsonObject().put("name", "fwd").put("port", 0).put("service", new JsonObject().put("forward", to));
    return deploy(vertx, section(1, l)).get("fwd");
  }

  /** A forward listener whose target node {@code via} dials (this node is called "local"). */
  private int forwardVia(String via, String to, String... targets) throws Exception {
    JsonObject l = new JsonObject().put("name", "fwd").put("port", 0).put("service", new JsonObject().put("forward",
        new JsonObject().put("target", to).put("via", via)));
    JsonObject section = section(1, l);
    if (targets.length > 0) {
      section.put("targets", new io.vertx.core.json.JsonArray(java.util.List.of((Object[]) targets)));
    }
    return deploy(vertx, section).get("fwd");
  }

  private Socket connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(IO_TIMEOUT_MS);
    return s;
  }

  /**
   * Both ends half-close while megabytes are still in flight the other way. On epoll this used to
   * truncate about one run in four (see TcpInternals#keepEpollRegistration).
   */
  @Test
  void oneHundredMibEachWayArriveUnchanged() throws Exception {
    Socket client = connect(forwardTo("127.0.0.1:" + target.getLocalPort()));
    Socket server = target.accept();
    server.setSoTimeout(IO_TIMEOUT_MS);
    long n = 100L * MIB;
    Future<String> up = threads.submit(() -> writeRandom(client, 1, n, null));
    Future<String> down = threads.submit(() -> writeRandom(server, 2, n, null));
    Future<Received> atServer = threads.submit(() -> readAll(server.getInputStream()));
    Future<Received> atClient = threads.submit(() -> readAll(client.getInputStream()));
    // each side half-closes after writing: both reads end only if each FIN travels through
    Received gotAtServer = atServer.get(90, TimeUnit.SECONDS);
    Received gotAtClient = atClient.get(90, TimeUnit.SECONDS);
    // compare the counts first: after a truncation the other writer never finishes
    assertThat(gotAtServer.bytes()).as("bytes at the server").isEqualTo(n);
    assertThat(gotAtClient.bytes()).as("bytes at the client").isEqualTo(n);
    assertThat(gotAtServer).isEqualTo(new Received(n, up.get(10, TimeUnit.SECONDS)));
    assertThat(gotAtClient).isEqualTo(new Received(n, down.get(10, TimeUnit.SECONDS)));
    client.close();
    server.close();
  }

  @Test
  void aHalfCloseTravelsThroughAndTheReplyAfterItComesBack() throws Exception {
    // echo hi | nc: the client sends, half-closes, and still reads what the server says after EOF
    Socket client = connect(forwardTo("127.0.0.1:" + target.getLocalPort()));
    client.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
    client.shutdownOutput();
    Socket server = target.accept();
    server.setSoTimeout(IO_TIMEOUT_MS);
    byte[] got = server.getInputStream().readAllBytes(); // returns at the client's FIN, forwarded
    server.getOutputStream().write(("got " + new String(got, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    server.close();
    assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got hi\n");
    client.close();
  }

  @Test
  void aSlowReaderPausesTheWriterInsteadOfFillingTheHeap() throws Exception {
    Socket client = connect(forwardTo("127.0.0.1:" + target.getLocalPort()));
    Socket server = target.accept();
    server.setSoTimeout(IO_TIMEOUT_MS);
    long heapBefore = usedHeap();
    long n = 192L * MIB;
    AtomicLong written = new AtomicLong();
    Future<String> up = threads.submit(() -> writeRandom(client, 3, n, written));
    // The target reads nothing: the writer must stall once the socket buffers on the way (the
    // kernel's, up to tens of MiB on loopback) and the forwarder's one write queue are full, so
    // it cannot finish while nobody reads.
    assertThatThrownBy(() -> up.get(3, TimeUnit.SECONDS)).as("the writer finished while nobody read")
        .isInstanceOf(TimeoutException.class);
    long heapGrowth = usedHeap() - heapBefore;
    assertThat(written.get()).as("bytes the writer got rid of while nobody read").isLessThan(96L * MIB);
    assertThat(heapGrowth).as("heap growth while stalled").isLessThan(32L * MIB);
    assertThat(readAll(server.getInputStream(), n)).isEqualTo(new Received(n, up.get()));
    client.close();
    server.close();
  }

  @Test
  void aTargetThatRefusesClosesTheClientAndPublishesForwardFailed() throws Exception {
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    int port = forwardTo("127.0.0.1:" + closedPort);
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    await(vertx.eventBus().<JsonObject>consumer(TcpAddresses.events("fwd"), m -> events.add(m.body())).completion());
    Socket client = connect(port);
    assertThat(client.getInputStream().read()).as("the client is closed").isEqualTo(-1);
    JsonObject open = events.poll(10, TimeUnit.SECONDS);
    JsonObject failed = events.poll(10, TimeUnit.SECONDS);
    assertThat(open.getString("event")).isEqualTo("open");
    assertThat(failed.getString("event")).isEqualTo(Forwarder.FORWARD_FAILED_EVENT);
    assertThat(failed.getString(TcpAddresses.CONNECTION)).isEqualTo(open.getString(TcpAddresses.CONNECTION));
    assertThat(failed.getString(Forwarder.REASON))
        .isEqualTo("cannot connect to 127.0.0.1:" + closedPort + ": connection refused");
    assertThat(failed.getString(TcpAddresses.REMOTE)).isEqualTo("127.0.0.1:" + client.getLocalPort());
    assertThat(events.poll(10, TimeUnit.SECONDS).getString("event")).isEqualTo("close");
    client.close();
  }

  @Test
  void unixSocketsOnBothSidesAndAStaleSocketFileIsReplaced() throws Exception {
    Assumptions.assumeTrue(vertx.isNativeTransportEnabled(), "unix sockets need the native transport");
    Path front = dir.resolve("front.sock");
    Path back = dir.resolve("back.sock");
    // a socket file left behind by a process that is gone (the JDK does not remove it on close)
    ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(front)).close();
    assertThat(front).exists();
    try (ServerSocketChannel backend = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      backend.bind(UnixDomainSocketAddress.of(back));
      JsonObject l = new JsonObject().put("name", "ufwd").put("host", "unix:" + front)
          .put("service", new JsonObject().put("forward", "unix:" + back));
      deploy(vertx, section(2, l));
      try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(front))) {
        client.write(ByteBuffer.wrap("hello unix".getBytes(StandardCharsets.UTF_8)));
        client.shutdownOutput();
        try (SocketChannel accepted = backend.accept()) {
          byte[] got = Channels.newInputStream(accepted).readAllBytes();
          accepted.write(ByteBuffer.wrap(new StringBuilder(new String(got, StandardCharsets.UTF_8)).reverse().toString()
              .getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(new String(Channels.newInputStream(client).readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("xinu olleh");
      }
      // the live socket is in use: a second listener on it is refused, and the first one keeps it
      JsonObject again = new JsonObject().put("name", "again").put("host", "unix:" + front).put("service", "echo");
      assertThatThrownBy(() -> await(vertx.deployVerticle(new TcpVerticle(),
          new DeploymentOptions().setConfig(section(1, again)))))
          .rootCause().isInstanceOf(ConfigException.class)
          .hasMessage("tcp.listeners[0].host: unix:" + front + " is in use: something listens on it");
    }
  }

  @Test
  void aUnixSocketInAMissingDirectoryIsAConfigError() {
    Assumptions.assumeTrue(vertx.isNativeTransportEnabled(), "unix sockets need the native transport");
    Path missing = dir.resolve("no-such-dir").resolve("x.sock");
    JsonObject l = new JsonObject().put("name", "u").put("host", "unix:" + missing).put("service", "echo");
    assertThatThrownBy(() -> await(vertx.deployVerticle(new TcpVerticle(),
        new DeploymentOptions().setConfig(section(1, l)))))
        .rootCause().isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[0].host: unix:" + missing + ": the directory " + missing.getParent()
            + " does not exist");
  }

  @Test
  void viaTwentyMibEachWayCrossTheBusUnchangedAndBothHalfClosesTravel() throws Exception {
    Socket client = connect(forwardVia("local", "127.0.0.1:" + target.getLocalPort()));
    Socket server = target.accept();
    server.setSoTimeout(IO_TIMEOUT_MS);
    long n = 20L * MIB;
    Future<String> up = threads.submit(() -> writeRandom(client, 5, n, null));
    Future<String> down = threads.submit(() -> writeRandom(server, 6, n, null));
    Future<Received> atServer = threads.submit(() -> readAll(server.getInputStream()));
    Future<Received> atClient = threads.submit(() -> readAll(client.getInputStream()));
    // both reads end only if each half-close crosses the bus as an end message
    Received gotAtServer = atServer.get(90, TimeUnit.SECONDS);
    Received gotAtClient = atClient.get(90, TimeUnit.SECONDS);
    assertThat(gotAtServer.bytes()).as("bytes at the server").isEqualTo(n);
    assertThat(gotAtClient.bytes()).as("bytes at the client").isEqualTo(n);
    assertThat(gotAtServer).isEqualTo(new Received(n, up.get(10, TimeUnit.SECONDS)));
    assertThat(gotAtClient).isEqualTo(new Received(n, down.get(10, TimeUnit.SECONDS)));
    client.close();
    server.close();
  }

  @Test
  void viaASlowReaderStopsTheWriterThroughTheCreditWindow() throws Exception {
    Socket client = connect(forwardVia("local", "127.0.0.1:" + target.getLocalPort()));
    Socket server = target.accept();
    server.setSoTimeout(IO_TIMEOUT_MS);
    long heapBefore = usedHeap();
    long n = 192L * MIB;
    AtomicLong written = new AtomicLong();
    Future<String> up = threads.submit(() -> writeRandom(client, 7, n, written));
    // nobody reads at the target: past the kernel buffers on both sockets and one credit window
    // (256 KiB) the writer must stall, however long it is given
    assertThatThrownBy(() -> up.get(3, TimeUnit.SECONDS)).as("the writer finished while nobody read")
        .isInstanceOf(TimeoutException.class);
    long heapGrowth = usedHeap() - heapBefore;
    assertThat(written.get()).as("bytes the writer got rid of while nobody read").isLessThan(96L * MIB);
    assertThat(heapGrowth).as("heap growth while stalled").isLessThan(32L * MIB);
    assertThat(readAll(server.getInputStream(), n)).isEqualTo(new Received(n, up.get()));
    client.close();
    server.close();
  }

  @Test
  void viaAnotherNodeOnAStandaloneNodeIsAConfigError() {
    assertThatThrownBy(() -> forwardVia("gateway", "127.0.0.1:" + target.getLocalPort()))
        .rootCause().isInstanceOf(ConfigException.class)
        .hasMessage("tcp.listeners[0].service.forward.via: 'gateway' is not this node ('local'), and this node is not"
            + " in a cluster (cluster.enabled)");
  }

  @Test
  void viaANodeThatCannotReachTheTargetClosesTheClientAndSaysWhy() throws Exception {
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    JsonObject failed = failedVia(forwardVia("local", "127.0.0.1:" + closedPort));
    assertThat(failed.getString(Forwarder.REASON))
        .isEqualTo("node local cannot connect to 127.0.0.1:" + closedPort + ": connection refused");
  }

  @Test
  void viaDialsOnlyWhatTheDiallingNodesTcpTargetsAllow() throws Exception {
    // the dialling node's rules apply: a via forward cannot reach what netbus.tcp.request may not
    JsonObject failed = failedVia(forwardVia("local", "127.0.0.1:" + target.getLocalPort(), "10.0.0.0/8"));
    assertThat(failed.getString(Forwarder.REASON))
        .isEqualTo("node local: 127.0.0.1:" + target.getLocalPort() + " is not among tcp.targets");
  }

  /** Connects to a via forward listener that must fail: the client is closed; returns the forward-failed event. */
  private JsonObject failedVia(int port) throws Exception {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    await(vertx.eventBus().<JsonObject>consumer(TcpAddresses.events("fwd"), m -> events.add(m.body())).completion());
    try (Socket client = connect(port)) {
      assertThat(client.getInputStream().read()).as("the client is closed").isEqualTo(-1);
    }
    assertThat(events.poll(10, TimeUnit.SECONDS).getString("event")).isEqualTo("open");
    JsonObject failed = events.poll(10, TimeUnit.SECONDS);
    assertThat(failed.getString("event")).isEqualTo(Forwarder.FORWARD_FAILED_EVENT);
    return failed;
  }

  /** What a reader got: how many bytes and their SHA-256. */
  record Received(long bytes, String sha256) {
  }

  /** Writes {@code n} pseudo-random bytes (seeded), half-closes, returns their SHA-256. */
  private static String writeRandom(Socket socket, long seed, long n, AtomicLong progress) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(seed);
    byte[] chunk = new byte[64 * 1024];
    OutputStream out = socket.getOutputStream();
    for (long left = n; left > 0; ) {
      int len = (int) Math.min(chunk.length, left);
      random.nextBytes(chunk);
      sha.update(chunk, 0, len);
      out.write(chunk, 0, len);
      left -= len;
      if (progress != null) {
        progress.addAndGet(len);
      }
    }
    socket.shutdownOutput();
    return HexFormat.of().formatHex(sha.digest());
  }

  private static Received readAll(InputStream in) throws Exception {
    return readAll(in, Long.MAX_VALUE);
  }

  private static Received readAll(InputStream in, long expected) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (int r; total < expected && (r = in.read(buf)) >= 0; ) {
      sha.update(buf, 0, r);
      total += r;
    }
    return new Received(total, HexFormat.of().formatHex(sha.digest()));
  }

  private static long usedHeap() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
