package io.netbus.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netbus.contract.ConfigException;
import io.netbus.contract.stats.NodeStats;
import io.netbus.security.NodeSecurity;
import io.netbus.security.Tokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The bridge's security over real sockets: TLS with client certificates (made with
 * {@code Certs}), tokens, per-client bus rules, allow/deny, the secure-by-default config rule.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class BridgeSecurityTest {

  static final String ALICE_TOKEN = Tokens.generate();
  static final String BOB_TOKEN = Tokens.generate();

  @TempDir
  static Path dir;
  static BridgeCerts certs;

  /** alice: certificate CN or token, the bridge's rules; bob: token only, may publish to netbus.bob.* only. */
  static JsonArray clients() {
    return new JsonArray()
        .add(new JsonObject().put("name", "alice").put("cn", "alice").put("tokenSha256", Tokens.sha256Hex(ALICE_TOKEN)))
        .add(new JsonObject().put("name", "bob").put("tokenSha256", Tokens.sha256Hex(BOB_TOKEN))
            .put("bus", new JsonObject().put("inbound", new JsonArray().add("netbus\\.bob\\..+"))));
  }

  @BeforeAll
  static void makeCerts() throws Exception {
    certs = BridgeCerts.make(dir);
  }

  static Future<BridgeVerticle> deploy(Vertx vertx, NodeSecurity node, JsonObject keys) {
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).mergeIn(keys);
    new BridgeModule().validate(config, node);
    BridgeVerticle bridge = new BridgeVerticle(node);
    return vertx.deployVerticle(bridge, new DeploymentOptions().setConfig(config)).map(bridge);
  }

  static JsonObject publish(String address, String token) {
    JsonObject f = new JsonObject().put("type", "publish").put("address", address).put("body", "hi");
    return token == null ? f : f.put("headers", new JsonObject().put("token", token).put("k", "v"));
  }

  @Test
  void tlsClientCertificateNamesTheClient(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<String>consumer("netbus.cert.in", m -> ctx.verify(() -> {
      assertThat(m.body()).isEqualTo("hi");
      ctx.completeNow();
    })).completion()
        .compose(v -> deploy(vertx, certs.node("node", clients()), new JsonObject().put("tls", true)))
        .compose(b -> FrameReader.connect(vertx, b.actualPort(), certs.client("ca", "alice")))
        .onComplete(ctx.succeeding(c -> c.write(publish("netbus.cert.in", null))));
  }

  @Test
  void tlsPingPong(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, certs.node("node", null), new JsonObject().put("tls", true))
        .compose(b -> FrameReader.connect(vertx, b.actualPort(), certs.client("ca", "alice")))
        .compose(c -> c.write(new JsonObject().put("type", "ping")).next())
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.getString("type")).isEqualTo("pong");
          ctx.completeNow();
        })));
  }

  /**
   * Why {@link FrameReader} holds on to its client (the cause of the old "TLS bridge closes before
   * the first reply" flake): a Vert.x client shut down while a TLS handshake runs, which is what
   * its Cleaner does once nobody references it, closes that connection the moment the handshake
   * completes, however long the shutdown's grace period (30 s, twice this test's timeout).
   */
  @Test
  void aClientShutDownDuringTheHandshakeClosesTheConnectionWhenItCompletes(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, certs.node("node", null), new JsonObject().put("tls", true))
        .compose(b -> {
          // this runs on the event loop the connection will use: its handshake cannot finish before shutdown()
          NetClient client = vertx.createNetClient(certs.client("ca", "alice"));
          Future<NetSocket> connected = client.connect(b.actualPort(), "127.0.0.1");
          client.shutdown();
          return connected;
        })
        .compose(socket -> Future.<Void>future(closed -> socket.closeHandler(closed::complete)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void tlsRefusesAClientOfAnotherCa(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, certs.node("node", clients()), new JsonObject().put("tls", true))
        .compose(b -> FrameReader.connect(vertx, b.actualPort(), certs.client("ca", "mallory"))
            .compose(c -> c.write(new JsonObject().put("type", "ping")).next()))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          // refused by the handshake (or closed right after it, TLS 1.3), never a timeout
          assertThat(err).isNotInstanceOf(io.netty.handler.ssl.SslHandshakeTimeoutException.class);
          assertThat(String.valueOf(err.getMessage()) + err.getCause()).doesNotContain("timed out");
          ctx.completeNow();
        })));
  }

  @Test
  void tlsRefusesAClientWithoutCertificateUnderRequired(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, certs.node("node", null), new JsonObject().put("tls", true))
        .compose(b -> FrameReader.connect(vertx, b.actualPort(), certs.client("ca", null))
            .compose(c -> c.write(new JsonObject().put("type", "ping")).next()))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          // refused by the handshake (or closed right after it, TLS 1.3), never a timeout
          assertThat(err).isNotInstanceOf(io.netty.handler.ssl.SslHandshakeTimeoutException.class);
          assertThat(String.valueOf(err.getMessage()) + err.getCause()).doesNotContain("timed out");
          ctx.completeNow();
        })));
  }

  @Test
  void tlsWithoutAuthSectionServesCertifiedClientsWithTheBridgeRules(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, certs.node("node", null), new JsonObject().put("tls", true))
        .compose(b -> FrameReader.connect(vertx, b.actualPort(), certs.client("ca", "alice")))
        .compose(c -> c.write(new JsonObject().put("type", "publish").put("address", "elsewhere").put("body", 1))
            .next())
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.getString("message")).isEqualTo("access_denied");
          assertThat(f.getString("detail")).isEqualTo("elsewhere");
          ctx.completeNow();
        })));
  }

  @Test
  void goodTokenReachesTheBusWithoutTheTokenHeader(Vertx vertx, VertxTestContext ctx) {
    vertx.eventBus().<String>consumer("netbus.token.in", m -> ctx.verify(() -> {
      assertThat(m.headers().contains("token")).isFalse();
      assertThat(m.headers().get("k")).isEqualTo("v");
      ctx.completeNow();
    })).completion()
        .compose(v -> deploy(vertx, certs.node("node", clients()), new JsonObject()))
        .compose(b -> FrameReader.connect(vertx, b.actualPort()))
        .onComplete(ctx.succeeding(c -> c.write(publish("netbus.token.in", ALICE_TOKEN))));
  }

  @Test
  void missingAndWrongTokensAreDeniedAndTheThirdCloses(Vertx vertx, VertxTestContext ctx) {
    JsonObject ping = new JsonObject().put("type", "ping");
    vertx.eventBus().consumer("netbus.token.in", m -> ctx.failNow("a refused frame reached the bus"));
    deploy(vertx, certs.node("node", clients()), new JsonObject())
        .compose(b -> FrameReader.connect(vertx, b.actualPort()))
        .compose(c -> c.write(publish("netbus.token.in", null)).next()
            .compose(f -> {
              ctx.verify(() -> assertThat(f.getString("message")).isEqualTo("access_denied"));
              return c.write(ping).next(); // no token needed, not counted
            })
            .compose(f -> {
              ctx.verify(() -> assertThat(f.getString("type")).isEqualTo("pong"));
              return c.write(publish("netbus.token.in", "wrong-token")).next();
            })
            .compose(f -> {
              ctx.verify(() -> {
                assertThat(f.getString("message")).isEqualTo("access_denied");
                assertThat(f.getString("detail")).isEqualTo("unknown token");
              });
              return c.write(ping).next().compose(p -> c.write(ping).next());
            })
            .compose(f -> {
              ctx.verify(() -> assertThat(f.getString("type")).as("two refusals: still open").isEqualTo("pong"));
              return c.write(new JsonObject().put("type", "register").put("address", "netbus.x")
                  .put("replyAddress", "r1")).next();
            })
            .compose(f -> {
              ctx.verify(() -> {
                assertThat(f.getString("message")).isEqualTo("access_denied");
                assertThat(f.getString("address")).isEqualTo("r1");
              });
              return c.closed();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClientsBusRulesReplaceTheBridges(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, certs.node("node", clients()), new JsonObject())
        .compose(b -> FrameReader.connect(vertx, b.actualPort()))
        .compose(c -> c.write(publish("netbus.alice.x", BOB_TOKEN)).next()
            .compose(denied -> {
              ctx.verify(() -> {
                assertThat(denied.getString("message")).isEqualTo("access_denied");
                assertThat(denied.getString("detail")).isEqualTo("netbus.alice.x");
              });
              return c.write(publish("netbus.bob.x", BOB_TOKEN)).write(new JsonObject().put("type", "ping")).next();
            }))
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.getString("type")).as("bob may publish to netbus.bob.x").isEqualTo("pong");
          ctx.completeNow();
        })));
  }

  @Test
  void deniedPeerIsClosedBeforeAnyByteAndCounted(Vertx vertx, VertxTestContext ctx) {
    Buffer received = Buffer.buffer();
    NetClient client = vertx.createNetClient(); // held: an unreachable client is shut down by GC (see FrameReader)
    deploy(vertx, NodeSecurity.NONE, new JsonObject().put("deny", new JsonArray().add("127.0.0.0/8")))
        .compose(b -> client.connect(b.actualPort(), "127.0.0.1"))
        .compose(s -> {
          s.handler(received::appendBuffer);
          Future<Void> closed = Future.future(p -> s.closeHandler(p::complete));
          s.write(FrameCodecAccess.ping());
          return closed;
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(received.length()).isZero();
          assertThat(NodeStats.of(vertx).listeners().get(0).toJson().getLong("refused")).isEqualTo(1L);
          ctx.completeNow();
        })));
  }

  @Test
  void allowedPeerIsServed(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, NodeSecurity.NONE, new JsonObject().put("allow", new JsonArray().add("127.0.0.1/32")))
        .compose(b -> FrameReader.connect(vertx, b.actualPort()))
        .compose(c -> c.write(new JsonObject().put("type", "ping")).next())
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.getString("type")).isEqualTo("pong");
          ctx.completeNow();
        })));
  }

  @Test
  void failedHandshakeIsLoggedOnceAtDebugWithThePeer(Vertx vertx, VertxTestContext ctx) {
    Logger logger = (Logger) LoggerFactory.getLogger(BridgeVerticle.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(events);
    NetClient client = vertx.createNetClient(); // held: an unreachable client is shut down by GC (see FrameReader)
    deploy(vertx, certs.node("node", null), new JsonObject().put("tls", true))
        .compose(b -> client.connect(b.actualPort(), "127.0.0.1"))
        .compose(s -> {
          String local = s.localAddress().toString();
          Future<Void> closed = Future.future(p -> s.closeHandler(p::complete));
          s.write("GET / HTTP/1.0\r\n\r\n"); // not a TLS client hello
          return closed.map(local);
        })
        // the log line is written on the bridge's context, before its close reaches the client
        .onComplete(ctx.succeeding(local -> ctx.verify(() -> {
          logger.detachAppender(events);
          logger.setLevel(before);
          assertThat(events.list).filteredOn(e -> e.getFormattedMessage().contains("handshake")).singleElement()
              .satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(e.getFormattedMessage()).contains(local);
                assertThat(e.getThrowableProxy()).isNull();
              });
          ctx.completeNow();
        })));
  }

  @Test
  void exposedBridgeNeedsTlsAndAuthenticationOrInsecure() {
    BridgeModule module = new BridgeModule();
    JsonObject lan = new JsonObject().put("host", "0.0.0.0");
    assertThatThrownBy(() -> module.validate(lan, NodeSecurity.NONE))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("bridge.host: '0.0.0.0' is not a loopback address");
    assertThatThrownBy(() -> module.validate(lan.copy().put("tls", true), NodeSecurity.NONE))
        .hasMessageStartingWith("bridge.tls: true needs the top-level \"tls\" section");
    assertThatThrownBy(() -> module.validate(lan.copy().put("tls", true).put("clientAuth", "none"),
        certs.node("node", null))).hasMessageStartingWith("bridge.host:");
    assertThatThrownBy(() -> module.validate(lan.copy().put("clientAuth", "maybe"), NodeSecurity.NONE))
        .hasMessageStartingWith("bridge.clientAuth: 'maybe'");
    assertThatThrownBy(() -> module.validate(lan.copy().put("deny", new JsonArray().add("10.0.0.300/8")),
        NodeSecurity.NONE)).hasMessageStartingWith("bridge.deny[0]:");
    module.validate(lan.copy().put("insecure", true), NodeSecurity.NONE);
    module.validate(lan.copy().put("tls", true), certs.node("node", null)); // clientAuth required by default
    module.validate(lan.copy().put("tls", true).put("clientAuth", "none"), certs.node("node", clients()));
    module.validate(new JsonObject(), NodeSecurity.NONE); // loopback: round 1
  }
}
