package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listeners' services over real loopback sockets: echo, greet, bus, publishing, bad input. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class UdpListenerTest {

  static final String UPPER = "test.udp.upper";
  static final String NOBODY = "test.udp.nobody";
  static final String NARROW = "test.udp.narrow";

  private UdpVerticle udp;
  private Probe probe;

  static JsonObject config() {
    return new JsonObject().put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "echo").put("port", 0).put("service", "echo"))
        .add(new JsonObject().put("name", "greet").put("port", 0).put("service", "greet"))
        .add(new JsonObject().put("name", "upper").put("port", 0).put("service", new JsonObject().put("address", UPPER)))
        .add(new JsonObject().put("name", "nobody").put("port", 0).put("timeoutMs", 300)
            .put("service", new JsonObject().put("address", NOBODY)))
        .add(new JsonObject().put("name", "small").put("port", 0).put("service", "echo").put("maxDatagram", 16))
        .add(new JsonObject().put("name", "quiet").put("port", 0).put("service", "echo").put("publish", false))
        .add(new JsonObject().put("name", "narrow").put("port", 0).put("maxInFlight", 1)
            .put("service", new JsonObject().put("address", NARROW))));
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    udp = new UdpVerticle();
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config()))
        .compose(id -> Probe.open(vertx))
        .onSuccess(p -> probe = p)
        .onComplete(ctx.succeedingThenComplete());
  }

  private int port(String listener) {
    return udp.ports().get(listener);
  }

  @Test
  void bindsEveryListenerOnItsOwnPort() {
    assertThat(udp.ports()).containsOnlyKeys("echo", "greet", "upper", "nobody", "small", "quiet", "narrow");
    assertThat(udp.ports().values()).allMatch(p -> p > 0).doesNotHaveDuplicates();
  }

  @Test
  void echoSendsTheBytesBack(VertxTestContext ctx) {
    byte[] garbage = new byte[300];
    new Random(4).nextBytes(garbage);
    probe.exchange(port("echo"), "hello\n")
        .compose(p -> {
          ctx.verify(() -> assertThat(p.data().toString()).isEqualTo("hello\n"));
          return probe.exchange(port("echo"), Buffer.buffer(garbage));
        })
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().getBytes()).isEqualTo(garbage);
          assertThat(p.sender().port()).isEqualTo(port("echo"));
          ctx.completeNow();
        })));
  }

  @Test
  void greetAnswersHelloAndKeepsOneLineBreakAfterIt(VertxTestContext ctx) {
    int greet = port("greet");
    List<String> replies = new ArrayList<>();
    probe.exchange(greet, "Michael")
        .compose(p -> record(replies, p, probe.exchange(greet, "Tracy\n")))
        .compose(p -> record(replies, p, probe.exchange(greet, "Sarah\r\n")))
        .compose(p -> record(replies, p, probe.exchange(greet, "two\n\n")))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          replies.add(p.data().toString());
          assertThat(replies).containsExactly("Hello, Michael!", "Hello, Tracy!\n", "Hello, Sarah!\r\n",
              "Hello, two\n!\n");
          ctx.completeNow();
        })));
  }

  private static Future<DatagramPacket> record(List<String> replies, DatagramPacket p, Future<DatagramPacket> next) {
    replies.add(p.data().toString());
    return next;
  }

  @Test
  void greetWorksOnBytesLikeTheSeed(VertxTestContext ctx) {
    byte[] garbage = {(byte) 0xff, 0, (byte) 0xc3, 0x28};
    probe.exchange(port("greet"), Buffer.buffer(garbage)).onComplete(ctx.succeeding(p -> ctx.verify(() -> {
      Buffer expected = Buffer.buffer("Hello, ").appendBytes(garbage).appendString("!");
      assertThat(p.data().getBytes()).isEqualTo(expected.getBytes());
      ctx.completeNow();
    })));
  }

  @Test
  void everyDatagramIsPublishedWithItsSender(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> seen = new ArrayList<>();
    Checkpoint two = ctx.checkpoint(2);
    vertx.eventBus().<JsonObject>consumer(UdpAddresses.in("greet"), m -> {
      seen.add(m.body());
      if (seen.size() == 2) {
        ctx.verify(() -> {
          String sender = "127.0.0.1:" + probe.port();
          assertThat(seen.get(0)).isEqualTo(new JsonObject().put("listener", "greet").put("sender", sender)
              .put("text", "Tracy"));
          assertThat(seen.get(1)).isEqualTo(new JsonObject().put("listener", "greet").put("sender", sender)
              .put("data", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xfe, 1})));
        });
        two.flag();
      }
    }).completion()
        .compose(v -> probe.exchange(port("greet"), "Tracy"))
        .compose(p -> probe.exchange(port("greet"), Buffer.buffer(new byte[] {(byte) 0xfe, 1})))
        .onComplete(ctx.succeeding(p -> two.flag()));
  }

  @Test
  void publishFalseKeepsTheListenerOffTheBus(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().consumer(UdpAddresses.in("quiet"), m -> ctx.failNow("published: " + m.body()));
    probe.exchange(port("quiet"), "shh")
        .compose(p -> probe.exchange(port("quiet"), "still shh"))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().toString()).isEqualTo("still shh");
          ctx.completeNow();
        })));
  }

  @Test
  void busServiceSendsTheReplyBackToTheSender(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(UPPER, this::upper).completion()
        .compose(v -> probe.exchange(port("upper"), "hello"))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().toString()).isEqualTo("HELLO from greet? no: upper 127.0.0.1:" + probe.port());
          ctx.completeNow();
        })));
  }

  private void upper(Message<JsonObject> m) {
    String text = m.body().getString("text");
    if (text.equals("skip")) {
      m.reply(new JsonObject());
    } else if (text.equals("binary")) {
      m.reply(new JsonObject().put("data", Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff})));
    } else {
      m.reply(new JsonObject().put("text", text.toUpperCase() + " from greet? no: " + m.body().getString("listener")
          + " " + m.body().getString("sender")));
    }
  }

  @Test
  void datagramsBeyondMaxInFlightAreDroppedBeforeTheBus(Vertx vertx, VertxTestContext ctx) {
    // "first" is held unanswered, so "second" finds maxInFlight (1) reached: it is dropped and not
    // published on .in; once the drop is counted, "first" is answered and "third" is served again.
    List<Message<JsonObject>> held = new ArrayList<>();
    List<String> published = new ArrayList<>();
    io.vertx.core.Promise<Void> firstHeld = io.vertx.core.Promise.promise();
    UdpListenerVerticle narrow = udp.listeners().stream().filter(l -> l.name().equals("narrow")).findFirst().orElseThrow();
    vertx.eventBus().<JsonObject>consumer(NARROW, m -> {
      if (m.body().getString("text").equals("first")) {
        held.add(m);
        firstHeld.complete();
      } else {
        m.reply(new JsonObject().put("text", m.body().getString("text").toUpperCase()));
      }
    });
    vertx.eventBus().<JsonObject>consumer(UdpAddresses.in("narrow"), m -> published.add(m.body().getString("text")))
        .completion()
        .compose(v -> probe.send(port("narrow"), "first"))
        .compose(v -> firstHeld.future())
        .compose(v -> probe.send(port("narrow"), "second"))
        .compose(v -> {
          io.vertx.core.Promise<Void> counted = io.vertx.core.Promise.promise();
          long[] tries = {0};
          vertx.setPeriodic(10, id -> {
            if (narrow.dropped() > 0 || ++tries[0] > 500) {
              vertx.cancelTimer(id);
              counted.complete();
            }
          });
          return counted.future();
        })
        .compose(v -> {
          ctx.verify(() -> assertThat(narrow.dropped()).isEqualTo(1));
          held.get(0).reply(new JsonObject().put("text", "FIRST"));
          return probe.exchange(port("narrow"), "third");
        })
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().toString()).isIn("FIRST", "THIRD");
          assertThat(published).doesNotContain("second").contains("first");
          ctx.completeNow();
        })));
  }

  @Test
  void busReplyWithoutPayloadSendsNothing(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(UPPER, this::upper).completion()
        .compose(v -> probe.send(port("upper"), "skip"))
        .compose(v -> probe.exchange(port("upper"), "binary"))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().getBytes()).isEqualTo(new byte[] {0, (byte) 0xff});
          assertThat(probe.count()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void busServiceWithNoConsumerSendsNothingAndKeepsServing(Vertx vertx, VertxTestContext ctx) {
    Checkpoint published = ctx.checkpoint();
    vertx.eventBus().consumer(UdpAddresses.in("nobody"), m -> published.flag());
    probe.send(port("nobody"), "anyone?")
        .compose(v -> probe.silence(500))
        .compose(v -> vertx.eventBus().consumer(NOBODY, (Message<JsonObject> m) -> m.reply(new JsonObject()
            .put("text", "here"))).completion())
        .compose(v -> probe.exchange(port("nobody"), "now?"))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().toString()).isEqualTo("here");
          ctx.completeNow();
        })));
  }

  /**
   * Netty's NIO transport silently skips writing zero-length datagrams, so a peer's empty datagram is
   * sent here with java.net; greet answers it, echo's empty answer cannot go out.
   */
  @Test
  void emptyDatagramIsPublishedAndGreeted(Vertx vertx, VertxTestContext ctx) throws Exception {
    Checkpoint published = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(UdpAddresses.in("greet"), m -> ctx.verify(() -> {
      assertThat(m.body().getString("text")).isEmpty();
      published.flag();
    })).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    try (java.net.DatagramSocket peer = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      peer.setSoTimeout(5000);
      peer.send(new java.net.DatagramPacket(new byte[0], 0, InetAddress.getLoopbackAddress(), port("echo")));
      peer.send(new java.net.DatagramPacket(new byte[0], 0, InetAddress.getLoopbackAddress(), port("greet")));
      java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[100], 100);
      peer.receive(reply);
      ctx.verify(() -> assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
          .isEqualTo("Hello, !"));
    }
    ctx.completeNow();
  }

  @Test
  void largestDatagramIsEchoedWhole(VertxTestContext ctx) {
    byte[] big = new byte[UdpListenerConfig.MAX_UDP_PAYLOAD];
    new Random(64).nextBytes(big);
    probe.exchange(port("echo"), Buffer.buffer(big)).onComplete(ctx.succeeding(p -> ctx.verify(() -> {
      assertThat(p.data().length()).isEqualTo(big.length);
      assertThat(p.data().getBytes()).isEqualTo(big);
      ctx.completeNow();
    })));
  }

  @Test
  void datagramOverMaxDatagramIsDroppedNotTruncated(Vertx vertx, VertxTestContext ctx) {
    Checkpoint publishedOnce = ctx.checkpoint();
    vertx.eventBus().<JsonObject>consumer(UdpAddresses.in("small"), m -> ctx.verify(() -> {
      assertThat(m.body().getString("text")).isEqualTo("sixteen bytes!!!");
      publishedOnce.flag();
    })).completion()
        .compose(v -> probe.send(port("small"), "seventeen bytes!!"))
        .compose(v -> probe.send(port("small"), Buffer.buffer(new byte[60000])))
        .compose(v -> probe.exchange(port("small"), "sixteen bytes!!!"))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.data().toString()).isEqualTo("sixteen bytes!!!");
          assertThat(probe.count()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void floodOfGarbageLeavesTheSocketServing(Vertx vertx, VertxTestContext ctx) {
    Random random = new Random(7);
    List<Future<Void>> sent = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[random.nextInt(i % 100 == 0 ? 65000 : 200)];
      random.nextBytes(junk);
      sent.add(probe.send(i % 2 == 0 ? port("greet") : port("small"), Buffer.buffer(junk)));
    }
    // whatever the kernel kept of the flood is answered to the flooder; a fresh peer must still be served.
    Future.join(sent)
        .compose(v -> Probe.open(vertx))
        .compose(fresh -> askUntilAnswered(fresh, port("greet"), 20))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Sends "alive?" until "Hello, alive?!" comes back, at most {@code tries} times, 500 ms apart. */
  static Future<Void> askUntilAnswered(Probe probe, int port, int tries) {
    if (tries == 0) {
      return Future.failedFuture("the listener stopped answering");
    }
    // the kernel may still drop this one while the listener works through the flood's backlog
    return probe.exchange(port, Buffer.buffer("alive?"), 500)
        .compose(p -> p.data().toString().equals("Hello, alive?!") ? Future.<Void>succeededFuture()
            : askUntilAnswered(probe, port, tries - 1), err -> askUntilAnswered(probe, port, tries - 1));
  }
}
