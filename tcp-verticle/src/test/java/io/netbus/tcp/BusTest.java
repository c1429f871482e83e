package io.netbus.tcp;

import io.netbus.tcp.api.TcpAddresses;
import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listeners' bus side: .in, .out, .events and {"address": ...} services. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class BusTest {

  private Vertx vertx;
  private Map<String, Integer> ports;

  @BeforeEach
  void deployAll(Vertx vertx) throws Exception {
    this.vertx = vertx;
    // a bus service answering like seed 002, a slow one, a failing one, a binary one
    vertx.eventBus().<JsonObject>consumer("test.greet", m -> m.reply(new JsonObject()
        .put("text", "Hello, " + m.body().getString("text") + "!")));
    vertx.eventBus().<JsonObject>consumer("test.slow", m -> {
      if (!"slow".equals(m.body().getString("text"))) {
        m.reply(new JsonObject().put("text", "fast " + m.body().getString("text")));
      }
    });
    vertx.eventBus().<JsonObject>consumer("test.later", m -> vertx.setTimer(200,
        t -> m.reply(new JsonObject().put("text", "later " + m.body().getString("text")))));
    vertx.eventBus().<JsonObject>consumer("test.fail", m -> m.fail(42, "no such thing"));
    vertx.eventBus().<JsonObject>consumer("test.bytes", m -> m.reply(new JsonObject()
        .put("data", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xfe, 0, '!'}))));
    ports = deploy(vertx, section(2,
        listener("echo", "echo", "line").put("publish", true),
        listener("quiet", "upper", "line").put("publish", false),
        listener("loud", "upper", "line"),
        listener("chat", "chat", "line").put("welcome", "joined"),
        listener("svc", new JsonObject().put("address", "test.greet"), "raw"),
        listener("slow", new JsonObject().put("address", "test.slow").put("timeoutMs", 1000), "line"),
        listener("later", new JsonObject().put("address", "test.later"), "line"),
        listener("fail", new JsonObject().put("address", "test.fail"), "line"),
        listener("nobody", new JsonObject().put("address", "test.nobody"), "line"),
        listener("bytes", new JsonObject().put("address", "test.bytes"), "length")));
  }

  private <T> BlockingQueue<T> collect(String address) throws Exception {
    BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    MessageConsumer<T> consumer = vertx.eventBus().consumer(address, m -> queue.add(m.body()));
    await(consumer.completion());
    return queue;
  }

  private final Map<String, String> idsByRemote = new java.util.HashMap<>();

  /** The connection id of {@code c}, from the open events (instances publish them in any order). */
  private String idOf(BlockingQueue<JsonObject> events, TestClient c) throws InterruptedException {
    String remote = "127.0.0.1:" + c.socket().getLocalPort();
    for (int i = 0; i < 100 && !idsByRemote.containsKey(remote); i++) {
      JsonObject e = next(events);
      if ("open".equals(e.getString("event"))) {
        idsByRemote.put(e.getString("remote"), e.getString("connection"));
      }
    }
    return idsByRemote.get(remote);
  }

  private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
    T t = queue.poll(5, TimeUnit.SECONDS);
    assertThat(t).as("a message within 5 s").isNotNull();
    return t;
  }

  @Test
  void inboundFramesArePublishedTextOrData() throws Exception {
    BlockingQueue<JsonObject> in = collect(TcpAddresses.in("echo"));
    try (TestClient c = new TestClient(ports.get("echo"))) {
      c.send("hello\n");
      assertThat(c.readLine()).isEqualTo("hello");
      JsonObject m = next(in);
      assertThat(m.getString("listener")).isEqualTo("echo");
      assertThat(m.getString("text")).isEqualTo("hello");
      assertThat(m.getString("remote")).isEqualTo("127.0.0.1:" + c.socket().getLocalPort());
      assertThat(m.getString("connection")).isNotBlank();
      c.send(new byte[] {(byte) 0xc3, (byte) 0x28, '\n'}); // invalid UTF-8
      c.readLine();
      JsonObject bin = next(in);
      assertThat(bin.containsKey("text")).isFalse();
      assertThat(Base64.getDecoder().decode(bin.getString("data"))).containsExactly(0xc3, 0x28);
      c.send("héllo\n");
      c.readLine();
      assertThat(next(in).getString("text")).isEqualTo("héllo");
    }
  }

  @Test
  void publishIsOnByDefaultAndCanBeTurnedOff() throws Exception {
    BlockingQueue<JsonObject> quiet = collect(TcpAddresses.in("quiet"));
    BlockingQueue<JsonObject> loud = collect(TcpAddresses.in("loud"));
    BlockingQueue<JsonObject> chat = collect(TcpAddresses.in("chat"));
    try (TestClient q = new TestClient(ports.get("quiet")); TestClient l = new TestClient(ports.get("loud"));
        TestClient c = new TestClient(ports.get("chat"))) {
      q.send("x\n");
      assertThat(q.readLine()).isEqualTo("X");
      l.send("y\n");
      assertThat(l.readLine()).isEqualTo("Y");
      assertThat(next(loud).getString("text")).isEqualTo("y");
      c.readLine();
      c.send("to the bus\n");
      assertThat(next(chat).getString("text")).isEqualTo("to the bus");
      assertThat(quiet).as("publish: false keeps the listener off the bus").isEmpty();
    }
  }

  @Test
  void eventsTellOpenAndClose() throws Exception {
    BlockingQueue<JsonObject> events = collect(TcpAddresses.events("quiet"));
    TestClient c = new TestClient(ports.get("quiet"));
    JsonObject open = next(events);
    assertThat(open.getString("event")).isEqualTo("open");
    assertThat(open.getString("remote")).endsWith(":" + c.socket().getLocalPort());
    c.close();
    JsonObject close = next(events);
    assertThat(close.getString("event")).isEqualTo("close");
    assertThat(close.getString("connection")).isEqualTo(open.getString("connection"));
  }

  @Test
  void connectionIdsAreUniqueAcrossInstances() throws Exception {
    BlockingQueue<JsonObject> events = collect(TcpAddresses.events("quiet"));
    java.util.Set<String> ids = new java.util.HashSet<>();
    java.util.Set<String> instances = new java.util.HashSet<>();
    java.util.List<TestClient> clients = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        clients.add(new TestClient(ports.get("quiet")));
        String id = next(events).getString("connection");
        ids.add(id);
        instances.add(TcpAddresses.instanceOf(id));
      }
    } finally {
      for (TestClient c : clients) {
        c.close();
      }
    }
    assertThat(ids).hasSize(8);
    assertThat(instances).as("two instances share the port").hasSize(2);
  }

  @Test
  void outWritesToOneConnectionWhicheverInstanceOwnsIt() throws Exception {
    BlockingQueue<JsonObject> events = collect(TcpAddresses.events("chat"));
    try (TestClient a = new TestClient(ports.get("chat")); TestClient b = new TestClient(ports.get("chat"))) {
      String idA = idOf(events, a);
      a.readLine();
      b.readLine();
      for (int i = 0; i < 4; i++) { // sends land on either instance: each must reach a
        await(vertx.eventBus().request(TcpAddresses.out("chat"),
            new JsonObject().put("connection", idA).put("text", "only a " + i)));
        assertThat(a.readLine()).isEqualTo("only a " + i);
      }
      b.send("from b\n");
      assertThat(a.readLine()).as("b got none of a's lines, so a's next line is b's").isEqualTo("from b");
      await(vertx.eventBus().request(TcpAddresses.out("chat"),
          new JsonObject().put("connection", idA).put("text", "bye").put("close", true)));
      assertThat(a.readLine()).isEqualTo("bye");
      assertThat(a.closedByServer()).isTrue();
    }
  }

  @Test
  void outToAnUnknownConnectionFails() {
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.out("chat"),
        new JsonObject().put("connection", "nope-1").put("text", "x"))))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ReplyException.class)
        .hasMessageContaining("no connection nope-1");
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.out("chat"), new JsonObject())))
        .cause().hasMessageContaining("nothing to do");
  }

  @Test
  void outWithoutConnectionReachesEveryClientOnEveryInstance() throws Exception {
    BlockingQueue<JsonObject> events = collect(TcpAddresses.events("chat"));
    java.util.List<TestClient> clients = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        TestClient c = new TestClient(ports.get("chat"));
        clients.add(c);
        c.readLine();
        next(events);
      }
      // a send reaches one consumer only: the listener fans it out itself
      await(vertx.eventBus().request(TcpAddresses.out("chat"), new JsonObject().put("text", "to all (send)")));
      vertx.eventBus().publish(TcpAddresses.out("chat"), new JsonObject().put("text", "to all (publish)"));
      for (TestClient c : clients) {
        assertThat(c.readLine()).isEqualTo("to all (send)");
        assertThat(c.readLine()).isEqualTo("to all (publish)");
      }
    } finally {
      for (TestClient c : clients) {
        c.close();
      }
    }
  }

  @Test
  void chatReachesClientsOfTheOtherInstance() throws Exception {
    BlockingQueue<JsonObject> events = collect(TcpAddresses.events("chat"));
    java.util.List<TestClient> clients = new java.util.ArrayList<>();
    java.util.Set<String> instances = new java.util.HashSet<>();
    try {
      for (int i = 0; i < 8 && instances.size() < 2; i++) {
        TestClient c = new TestClient(ports.get("chat"));
        clients.add(c);
        c.readLine();
        instances.add(TcpAddresses.instanceOf(next(events).getString("connection")));
      }
      assertThat(instances).hasSize(2);
      clients.get(0).send("across\n");
      for (TestClient c : clients.subList(1, clients.size())) {
        assertThat(c.readLine()).isEqualTo("across");
      }
    } finally {
      for (TestClient c : clients) {
        c.close();
      }
    }
  }

  @Test
  void addressServiceWritesTheReplyBack() throws Exception {
    try (TestClient c = new TestClient(ports.get("svc"))) {
      assertThat(c.send("Michael").recv()).isEqualTo("Hello, Michael!");
      assertThat(c.send("Tracy\n").recv()).isEqualTo("Hello, Tracy!\n");
    }
  }

  @Test
  void addressServiceKeepsOrderAndSurvivesATimeout() throws Exception {
    try (TestClient c = new TestClient(ports.get("slow"))) {
      c.send("one\nslow\ntwo\n");
      assertThat(c.readLine()).isEqualTo("fast one");
      assertThat(c.readLine()).isEqualTo("error: no reply from test.slow within 1000 ms");
      assertThat(c.readLine()).isEqualTo("fast two");
      c.send("three\n");
      assertThat(c.readLine()).isEqualTo("fast three");
    }
  }

  @Test
  void addressServiceAnswersAClientThatHalfClosed() throws Exception {
    // what `echo hi | netbus tcp`, `nc -N` and socat do: send, shut down the output, read to EOF
    try (TestClient c = new TestClient(ports.get("later"))) {
      c.send("one\ntwo\n");
      c.socket().shutdownOutput();
      assertThat(c.readLine()).isEqualTo("later one");
      assertThat(c.readLine()).isEqualTo("later two");
      assertThat(c.closedByServer()).isTrue();
    }
    try (TestClient c = new TestClient(ports.get("svc"))) {
      c.send("Sarah");
      c.socket().shutdownOutput();
      assertThat(c.recv()).isEqualTo("Hello, Sarah!");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void addressServiceReportsFailuresAndStaysUsable() throws Exception {
    try (TestClient f = new TestClient(ports.get("fail")); TestClient n = new TestClient(ports.get("nobody"))) {
      f.send("x\ny\n");
      assertThat(f.readLine()).isEqualTo("error: no such thing (code 42)");
      assertThat(f.readLine()).isEqualTo("error: no such thing (code 42)");
      n.send("x\n");
      assertThat(n.readLine()).isEqualTo("error: no service on address test.nobody");
    }
  }

  @Test
  void addressServiceIsBinarySafe() throws Exception {
    try (TestClient c = new TestClient(ports.get("bytes"))) {
      c.sendLengthFrame(new byte[] {(byte) 0xff});
      assertThat(c.readLengthFrame()).containsExactly(0xfe, 0, '!');
    }
  }

  @Test
  void outWritesBinaryDataAndCanCloseEveryone() throws Exception {
    BlockingQueue<JsonObject> events = collect(TcpAddresses.events("quiet"));
    try (TestClient a = new TestClient(ports.get("quiet")); TestClient b = new TestClient(ports.get("quiet"))) {
      String idA = idOf(events, a);
      idOf(events, b);
      await(vertx.eventBus().request(TcpAddresses.out("quiet"), new JsonObject().put("connection", idA)
          .put("data", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0}))));
      assertThat(a.readLineBytes()).containsExactly(0xff, 0);
      await(vertx.eventBus().request(TcpAddresses.out("quiet"), new JsonObject().put("close", true)));
      assertThat(a.socket().getInputStream().read()).as("closed without a stray empty line").isEqualTo(-1);
      assertThat(b.closedByServer()).isTrue();
    }
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.out("quiet"), "not json")))
        .cause().hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> await(vertx.eventBus().request(TcpAddresses.out("quiet"),
        new JsonObject().put("data", "***")))).cause().hasMessageContaining("not valid base64");
  }
}
