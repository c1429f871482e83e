package io.netbus.tcp;

import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.server.Connection;
import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netbus.contract.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.io.InputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Bad inputs and limits: oversized frames, vanishing and stuck clients, connection caps, idle timeout, binding. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class LimitsTest {

  private Vertx vertx;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    logs.start();
    ((Logger) LoggerFactory.getLogger(Connection.class)).addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(Connection.class)).detachAppender(logs);
  }

  private BlockingQueue<JsonObject> events(String listener) throws Exception {
    BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
    await(vertx.eventBus().<JsonObject>consumer(TcpAddresses.events(listener), m -> queue.add(m.body())).completion());
    return queue;
  }

  private static JsonObject next(BlockingQueue<JsonObject> queue, String event) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      JsonObject e = queue.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("a '%s' event", event).isNotNull();
      if (event.equals(e.getString("event"))) {
        return e;
      }
    }
    throw new AssertionError("no " + event + " event");
  }

  @Test
  void anOversizedLineClosesThatConnectionOnlyAndIsLogged() throws Exception {
    int port = deploy(vertx, section(1, listener("small", "echo", "line").put("maxFrame", 16))).get("small");
    try (TestClient good = new TestClient(port); TestClient bad = new TestClient(port)) {
      good.send("fits in 16 bytes\n");
      assertThat(good.readLine()).isEqualTo("fits in 16 bytes");
      bad.send("seventeen bytes!!");
      assertThat(bad.closedByServer()).isTrue();
      good.send("still fine\n");
      assertThat(good.readLine()).isEqualTo("still fine");
      String remote = "127.0.0.1:" + bad.socket().getLocalPort();
      assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
          .contains("tcp small").contains(remote).contains("exceeds maxFrame 16"));
    }
  }

  @Test
  void anOversizedLengthPrefixClosesAtOnce() throws Exception {
    int port = deploy(vertx, section(1, listener("len", "echo", "length").put("maxFrame", 1000))).get("len");
    try (TestClient c = new TestClient(port)) {
      c.send(new byte[] {0, 0, 0x03, (byte) 0xe9}); // 1001: no payload needed to refuse it
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void anOversizedRawChunkClosesTheConnection() throws Exception {
    int port = deploy(vertx, section(1, listener("raw", "upper", "raw").put("maxFrame", 8))).get("raw");
    try (TestClient c = new TestClient(port)) {
      assertThat(c.send("12345678").recv()).isEqualTo("12345678");
      c.send("a chunk of more than 8 bytes");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void theLineEndingOfAMessageIsNotCountedAgainstMaxFrame() throws Exception {
    // what `nc` sends for a typed line of exactly maxFrame characters, LF or CRLF
    var ports = deploy(vertx, section(1, listener("raw", "upper", "raw").put("maxFrame", 8),
        listener("line", "upper", "line").put("maxFrame", 8)));
    try (TestClient raw = new TestClient(ports.get("raw")); TestClient line = new TestClient(ports.get("line"))) {
      assertThat(raw.send("abcdefgh\n").recv()).isEqualTo("ABCDEFGH\n");
      assertThat(raw.send("abcdefgh\r\n").recv()).isEqualTo("ABCDEFGH\r\n");
      line.send("abcdefgh\r\n");
      assertThat(line.readLine()).isEqualTo("ABCDEFGH");
      raw.send("abcdefghi\n");
      assertThat(raw.closedByServer()).isTrue();
      line.send("abcdefghi\r\n");
      assertThat(line.closedByServer()).isTrue();
    }
  }

  @Test
  void aClientVanishingMidFrameLeavesTheListenerServing() throws Exception {
    int port = deploy(vertx, section(1, listener("echo", "echo", "line").put("publish", true))).get("echo");
    BlockingQueue<JsonObject> events = events("echo");
    BlockingQueue<JsonObject> in = new LinkedBlockingQueue<>();
    await(vertx.eventBus().<JsonObject>consumer(TcpAddresses.in("echo"), m -> in.add(m.body())).completion());
    TestClient gone = new TestClient(port);
    next(events, "open");
    gone.send("half a line, then gone");
    gone.close();
    next(events, "close");
    try (TestClient c = new TestClient(port)) {
      c.send("whole\n");
      assertThat(c.readLine()).isEqualTo("whole");
    }
    assertThat(in.poll(5, TimeUnit.SECONDS).getString("text")).as("the partial line was never published")
        .isEqualTo("whole");
  }

  @Test
  void aClientThatNeverReadsIsPausedNotBuffered() throws Exception {
    int port = deploy(vertx, section(1, listener("echo", "echo", "line"))).get("echo");
    byte[] line = new byte[1024];
    Arrays.fill(line, (byte) 'x');
    line[line.length - 1] = '\n';
    long limit = 256L << 20;
    long written = 0;
    try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_WRITE);
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      boolean blocked = false;
      while (written < limit && !blocked) {
        buf.clear();
        while (buf.remaining() >= line.length) {
          buf.put(line);
        }
        buf.flip();
        while (buf.hasRemaining()) {
          int n = ch.write(buf);
          written += n;
          if (n == 0 && selector.select(1000) == 0) {
            blocked = true; // not writable for a second: the server stopped reading from us
            break;
          }
          selector.selectedKeys().clear();
        }
      }
      assertThat(blocked).as("writes blocked after %d bytes", written).isTrue();
      // only socket buffers hold the backlog, not the heap: a few MiB, nowhere near the 256 MiB offered
      assertThat(written).isLessThan(64L << 20);
      // meanwhile the listener serves others
      try (TestClient other = new TestClient(port)) {
        other.send("other\n");
        assertThat(other.readLine()).isEqualTo("other");
      }
    }
  }

  @Test
  void aChatClientThatNeverReadsIsClosedAsASlowConsumer() throws Exception {
    int port = deploy(vertx, section(1, listener("chat", "chat", "line"))).get("chat");
    BlockingQueue<JsonObject> events = events("chat");
    try (TestClient talker = new TestClient(port); SocketChannel sleeper = SocketChannel.open(
        new InetSocketAddress("127.0.0.1", port))) {
      JsonObject first = next(events, "open");
      JsonObject second = next(events, "open");
      String sleeperRemote = "127.0.0.1:" + sleeper.socket().getLocalPort();
      String sleeperId = (sleeperRemote.equals(first.getString("remote")) ? first : second).getString("connection");
      sleeper.socket().setReceiveBufferSize(4096);
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'y');
      for (int i = 63; i < chunk.length; i += 64) {
        chunk[i] = '\n';
      }
      JsonObject closed = null;
      for (int i = 0; i < 4096 && closed == null; i++) { // at most 256 MiB
        talker.send(chunk);
        JsonObject e = events.poll();
        if (e != null && "close".equals(e.getString("event"))) {
          closed = e;
        }
      }
      assertThat(closed).as("the sleeper was closed").isNotNull();
      assertThat(closed.getString("connection")).isEqualTo(sleeperId);
      assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("slow consumer"));
    }
  }

  @Test
  void maxConnectionsRefusesPolitelyAndFreesSlotsOnClose() throws Exception {
    int port = deploy(vertx, section(2, listener("capped", "echo", "line").put("maxConnections", 2))).get("capped");
    BlockingQueue<JsonObject> events = events("capped");
    try (TestClient a = new TestClient(port); TestClient b = new TestClient(port)) {
      next(events, "open");
      next(events, "open");
      try (TestClient c = new TestClient(port)) {
        assertThat(c.readLine()).isEqualTo("netbus: too many connections (maxConnections 2), try again later");
        assertThat(c.closedByServer()).isTrue();
      }
      a.close();
      next(events, "close");
      try (TestClient d = new TestClient(port)) {
        d.send("in\n");
        assertThat(d.readLine()).isEqualTo("in");
      }
      b.send("b\n");
      assertThat(b.readLine()).isEqualTo("b");
    }
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    int port = deploy(vertx, section(1, listener("idle", "chat", "line").put("idleTimeoutSeconds", 1))).get("idle");
    try (TestClient c = new TestClient(port)) {
      long t0 = System.nanoTime();
      assertThat(c.closedByServer()).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(500L, 5_000L);
    }
  }

  @Test
  void ipv6LoopbackWorks() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    boolean available;
    try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
      available = true;
    } catch (IOException e) {
      available = false;
    }
    assumeThat(available).as("IPv6 loopback available").isTrue();
    int port = deploy(vertx, section(1, listener("v6", "upper", "raw").put("host", "::1"))).get("v6");
    try (TestClient c = new TestClient("::1", port)) {
      assertThat(c.send("over ipv6").recv()).isEqualTo("OVER IPV6");
    }
  }

  @Test
  void aPortInUseFailsTheDeploymentNamingTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      JsonObject conf = section(1, listener("ok", "echo", "raw"),
          listener("clash", "echo", "raw").put("port", taken.getLocalPort()));
      assertThatThrownBy(() -> deploy(vertx, conf)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("tcp.listeners[1].port: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aHostThatIsNotOursIsBlamedOnTheHost() {
    // 192.0.2.1 is TEST-NET-1: never an address of this machine
    JsonObject conf = section(1, listener("far", "echo", "raw").put("host", "192.0.2.1"));
    assertThatThrownBy(() -> deploy(vertx, conf)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tcp.listeners[0].host: cannot listen on 192.0.2.1:0: ");
  }

  @Test
  void socketOptionsAreAccepted() throws Exception {
    int port = deploy(vertx, section(1, listener("opts", "echo", "line").put("reuseAddress", false)
        .put("backlog", 8).put("tcpNoDelay", false).put("keepAlive", false))).get("opts");
    try (TestClient c = new TestClient(port)) {
      c.send("ok\n");
      assertThat(c.readLine()).isEqualTo("ok");
    }
  }

  @Test
  void aPausedClientThatStartsReadingGetsEveryReply() throws Exception {
    int port = deploy(vertx, section(1, listener("echo", "upper", "line"))).get("echo");
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'a');
    for (int i = 127; i < chunk.length; i += 128) { // whole lines only
      chunk[i] = '\n';
    }
    int chunks = 512; // 32 MiB
    long total = (long) chunks * chunk.length;
    try (TestClient c = new TestClient(port)) {
      AtomicLong written = new AtomicLong();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < chunks; i++) {
            c.send(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      // wait until the writer is stuck: the server stopped reading because we do not read
      long last = -1;
      for (int i = 0; i < 100 && written.get() != last; i++) {
        last = written.get();
        try {
          writer.get(500, TimeUnit.MILLISECONDS); // a bounded wait on the writer's progress
        } catch (TimeoutException e) {
          // still writing, or stuck: compare the progress
        }
      }
      assertThat(written.get()).as("the writer got stuck before sending everything").isLessThan(total);
      // now read: the server resumes and every reply comes back
      InputStream in = c.socket().getInputStream();
      byte[] buf = new byte[256 * 1024];
      long read = 0;
      while (read < total) {
        int n = in.read(buf);
        assertThat(n).as("reply bytes after %d of %d", read, total).isPositive();
        read += n;
      }
      assertThat(read).isEqualTo(total);
      writer.get(10, TimeUnit.SECONDS);
    }
  }
}
