package io.netbus.launcher.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netbus.launcher.TestPorts;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.launcher.node.Modules;
import io.netbus.launcher.node.Node;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Attacks on a real node (conf/default.json, every port moved to a free one, plus a length-framed
 * echo listener) over real loopback sockets. Each test asserts that (a) other clients are still
 * served, (b) the heap in use after a full GC grew less than a stated bound (the node runs in
 * this JVM; the attackers' own sockets are counted too, which only makes the bound stricter),
 * and (c) the attacker gets a clear error or a close where the node can tell it is one. Run
 * alone with {@code mvn -pl launcher -am verify -Dgroups=adversarial -Dtest='AttackTest,FrozenPeerTest'
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("adversarial")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AttackTest {

  private static final long MIB = 1024 * 1024;

  private final JsonObject config = new JsonObject();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicInteger loud = new AtomicInteger();
  private final AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null) {
        loud.incrementAndGet();
      }
    }
  };
  private Node node;
  private Path root;

  @BeforeEach
  void start() throws Exception {
    JsonObject conf = new JsonObject(Files.readString(Path.of("..", "conf", "default.json")));
    root = Files.createTempDirectory("netbus-attack");
    Files.writeString(root.resolve("file.txt"), "push me\n");
    conf.getJsonObject("file").put("root", root.toString());
    conf.getJsonObject("tcp").getJsonArray("listeners").add(new JsonObject().put("name", "len").put("port", 0)
        .put("service", "echo").put("framing", "length"));
    for (String section : List.of("tcp", "udp", "file")) {
      for (Object l : conf.getJsonObject(section).getJsonArray("listeners")) {
        ((JsonObject) l).put("port", TestPorts.freePort());
      }
    }
    conf.getJsonObject("bridge").put("port", TestPorts.freePort());
    conf.remove("cluster");
    config.mergeIn(conf);
    node = Node.start(Future.succeededFuture(Vertx.vertx()), NodeConfig.validate(conf, Modules.all()), Modules.all(),
        false).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    counter.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(counter);
  }

  @AfterEach
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(counter);
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already closed by the node: what several attacks expect
      }
    }
    node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private int port(String section, String name) {
    for (Object l : config.getJsonObject(section).getJsonArray("listeners")) {
      if (((JsonObject) l).getString("name").equals(name)) {
        return ((JsonObject) l).getInteger("port");
      }
    }
    throw new IllegalArgumentException(section + " " + name);
  }

  private Socket client(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    open.add(s);
    return s;
  }

  /** Reads until {@code expected} has arrived (or fails at the socket timeout). */
  private static String readUntil(Socket s, String expected) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    while (!got.toString(StandardCharsets.ISO_8859_1).contains(expected)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("closed after " + got.toString(StandardCharsets.ISO_8859_1));
      }
      got.write(buf, 0, n);
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  /** True when the node closed (or reset) the socket within 10 s. */
  private static boolean closedByNode(Socket s) {
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[65536];
      for (int i = 0; i < 100_000; i++) {
        if (in.read(buf) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private int lengthEchoRoundTrip() throws IOException {
    Socket s = client(port("tcp", "len"));
    s.getOutputStream().write(ByteBuffer.allocate(6).putInt(2).put((byte) 'o').put((byte) 'k').array());
    byte[] reply = s.getInputStream().readNBytes(6);
    s.close();
    return ByteBuffer.wrap(reply).getInt();
  }

  @Test
  void twoThousandStalledLengthPrefixes() throws Exception {
    long before = Heap.usedAfterGc();
    List<SocketChannel> attackers = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port("tcp", "len")));
      c.write(ByteBuffer.allocate(4).putInt(0, 60_000));
      attackers.add(c);
      open.add(c);
    }
    // (a) served after the node read every prefix (one event loop: it reads in order)
    assertThat(lengthEchoRoundTrip()).isEqualTo(2);
    long growth = Heap.usedAfterGc() - before;
    System.out.printf("2,000 stalled length prefixes: heap +%s%n", Heap.mib(growth));
    assertThat(growth).as("heap growth with 2,000 prefixes claiming 60,000 bytes").isLessThan(32 * MIB);
    // (c) a claim over maxFrame is refused at once: closed
    Socket liar = client(port("tcp", "len"));
    liar.getOutputStream().write(ByteBuffer.allocate(4).putInt(100_000).array());
    assertThat(closedByNode(liar)).as("a prefix over maxFrame closes the connection").isTrue();
  }

  @Test
  void aSlowChatReaderIsClosedWhileOthersSend200MB() throws Exception {
    int chat = port("tcp", "chat");
    Socket slow = new Socket();
    slow.setReceiveBufferSize(4096);
    slow.connect(new InetSocketAddress("127.0.0.1", chat));
    slow.setSoTimeout(10_000);
    open.add(slow);
    Socket reader = client(chat);
    Socket sender = client(chat);
    readerReady(reader, sender);
    long before = Heap.usedAfterGc();
    byte[] line = new byte[60_000];
    Arrays.fill(line, (byte) 'a');
    line[line.length - 1] = '\n';
    int lines = (int) (200 * MIB / line.length);
    long expected = (long) lines * line.length;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    AtomicLong peak = new AtomicLong();
    try {
      java.util.concurrent.Future<Long> received = pool.submit(() -> {
        InputStream in = reader.getInputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        while (total < expected) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          total += n;
          if ((total & 0xFFFFFF) < n) {
            peak.accumulateAndGet(Heap.used(), Math::max);
          }
        }
        return total;
      });
      OutputStream out = sender.getOutputStream();
      for (int i = 0; i < lines; i++) {
        out.write(line);
      }
      out.flush();
      // (a) the others got every byte
      assertThat(received.get(90, TimeUnit.SECONDS)).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
    long growth = Heap.usedAfterGc() - before;
    System.out.printf("slow chat reader, 200 MB sent: heap +%s after GC, peak %s in use%n", Heap.mib(growth),
        Heap.mib(peak.get()));
    assertThat(growth).as("heap growth after 200 MB past a slow reader").isLessThan(64 * MIB);
    // (c) the slow reader was cut off, not buffered for
    assertThat(closedByNode(slow)).as("the slow reader is closed").isTrue();
  }

  /** Waits until a line from {@code sender} reaches {@code reader} (both registered in the chat). */
  private static void readerReady(Socket reader, Socket sender) throws IOException {
    // The node may register the reader's connection after the sender's line went out (a chat
    // line reaches only the clients connected when it arrives): say it again, a bounded number of times.
    int timeout = reader.getSoTimeout();
    reader.setSoTimeout(500);
    try {
      for (int attempt = 1; ; attempt++) {
        sender.getOutputStream().write("ready\n".getBytes(StandardCharsets.US_ASCII));
        try {
          readUntil(reader, "ready\n");
          return;
        } catch (java.net.SocketTimeoutException e) {
          if (attempt == 20) {
            throw e;
          }
        }
      }
    } finally {
      reader.setSoTimeout(timeout);
    }
  }

  @Test
  void aThousandStalledPartialLines() throws Exception {
    int chat = port("tcp", "chat");
    long before = Heap.usedAfterGc();
    for (int i = 0; i < 1000; i++) {
      client(chat).getOutputStream().write("a partial line that never ends".getBytes(StandardCharsets.US_ASCII));
    }
    Socket a = client(chat);
    Socket b = client(chat);
    long t0 = System.nanoTime();
    readerReady(b, a);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long growth = Heap.usedAfterGc() - before;
    System.out.printf("1,000 stalled partial lines: new client served in %d ms, heap +%s%n", ms, Heap.mib(growth));
    // (a) a new client is served within 1 s
    assertThat(ms).as("ms for a new client's line to arrive").isLessThan(1000);
    assertThat(growth).isLessThan(32 * MIB);
    // (c) a partial line over maxFrame (64 KiB) is refused: closed
    Socket flood = client(chat);
    byte[] noNewline = new byte[70_000];
    Arrays.fill(noNewline, (byte) 'x');
    flood.getOutputStream().write(noNewline);
    assertThat(closedByNode(flood)).isTrue();
  }

  /** 30 s in the issue, 6 s here: the suite must stay under 3 minutes on a loaded 2-core machine. */
  @Test
  void randomBytesAtEveryListener() throws Exception {
    long before = Heap.usedAfterGc();
    List<Integer> tcpPorts = new ArrayList<>();
    for (String name : List.of("upper", "greet", "chat", "time", "len")) {
      tcpPorts.add(port("tcp", name));
    }
    tcpPorts.add(port("file", "push"));
    tcpPorts.add(port("file", "files"));
    tcpPorts.add(config.getJsonObject("bridge").getInteger("port"));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    ExecutorService pool = Executors.newFixedThreadPool(tcpPorts.size() + 1);
    List<java.util.concurrent.Future<Integer>> attacks = new ArrayList<>();
    try {
      for (int i = 0; i < tcpPorts.size(); i++) {
        int port = tcpPorts.get(i);
        long seed = i;
        attacks.add(pool.submit(() -> noise(port, seed, end)));
      }
      attacks.add(pool.submit(() -> udpNoise(port("udp", "greet"), end)));
      int rounds = 0;
      for (java.util.concurrent.Future<Integer> f : attacks) {
        rounds += f.get(60, TimeUnit.SECONDS);
      }
      System.out.printf("random bytes: %d connections and datagram bursts, %d loud log events%n", rounds, loud.get());
    } finally {
      pool.shutdownNow();
    }
    // (a) every listener still serves
    Socket upper = client(port("tcp", "upper"));
    upper.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readUntil(upper, "\n")).isEqualTo("HI\n");
    assertThat(readUntil(client(port("tcp", "greet")), "Welcome!")).contains("Welcome!");
    Socket a = client(port("tcp", "chat"));
    Socket b = client(port("tcp", "chat"));
    readerReady(b, a);
    Socket time = client(port("tcp", "time"));
    time.getOutputStream().write("now\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readUntil(time, "\n")).isNotBlank();
    assertThat(lengthEchoRoundTrip()).isEqualTo(2);
    assertThat(readUntil(client(port("file", "push")), "push me\n")).isEqualTo("push me\n");
    Socket files = client(port("file", "files"));
    files.getOutputStream().write("{\"op\":\"list\"}\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readUntil(files, "\n")).contains("\"ok\":true");
    Socket bridge = client(config.getJsonObject("bridge").getInteger("port"));
    byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
    bridge.getOutputStream().write(ByteBuffer.allocate(4 + ping.length).putInt(ping.length).put(ping).array());
    assertThat(readUntil(bridge, "pong")).contains("\"type\":\"pong\"");
    try (DatagramSocket udp = new DatagramSocket()) {
      // UDP may drop a datagram while the listener still works off the noise (its admission
      // bound does that on purpose): ask again, as a UDP client would, a bounded number of times
      udp.setSoTimeout(2000);
      byte[] bob = "Bob".getBytes(StandardCharsets.US_ASCII);
      String answer = null;
      for (int attempt = 0; attempt < 5 && answer == null; attempt++) {
        udp.send(new DatagramPacket(bob, bob.length, InetAddress.getLoopbackAddress(), port("udp", "greet")));
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        try {
          udp.receive(reply);
          answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        } catch (java.net.SocketTimeoutException e) {
          // lost: try again
        }
      }
      assertThat(answer).as("udp greet answer within 5 tries").contains("Hello, Bob!");
    }
    // (b) and no stack-trace flood: a few lines at most, not one per bad input
    assertThat(loud.get()).as("ERROR or stack-trace log events during the noise").isLessThan(10);
    long growth = Heap.usedAfterGc() - before;
    System.out.printf("random bytes: heap +%s%n", Heap.mib(growth));
    assertThat(growth).isLessThan(64 * MIB);
  }

  /** Connections that each send a few random chunks, read what comes back for a moment, and close. */
  private static int noise(int port, long seed, long end) {
    Random random = new Random(seed);
    int n = 0;
    while (System.nanoTime() < end) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(50);
        byte[] junk = new byte[1 + random.nextInt(4096)];
        for (int k = 0; k < 3; k++) {
          random.nextBytes(junk);
          s.getOutputStream().write(junk);
        }
        try {
          s.getInputStream().read(new byte[8192]);
        } catch (SocketTimeoutException | java.net.SocketException ignored) {
          // no answer, or the node closed it: both fine for noise
        }
      } catch (IOException e) {
        // the node may reset a connection it refused: the noise goes on
      }
      n++;
    }
    return n;
  }

  private static int udpNoise(int port, long end) throws IOException {
    Random random = new Random(99);
    int n = 0;
    try (DatagramSocket s = new DatagramSocket()) {
      while (System.nanoTime() < end) {
        byte[] junk = new byte[1 + random.nextInt(1400)];
        random.nextBytes(junk);
        s.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
        n++;
        if (n % 200 == 0) {
          Thread.onSpinWait();
        }
      }
    }
    return n / 200;
  }
}
