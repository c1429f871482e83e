package io.netbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.launcher.config.ClusterConfig;
import io.netbus.launcher.internal.LauncherInternals;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster.tls}: three members of one Hazelcast cluster (open-source Hazelcast lets anyone
 * with the cluster name join), two with certificates of the cluster's CA and one, mallory, with a
 * certificate of another CA. Messages flow between the two; mallory's event-bus connections
 * fail the TLS handshake both ways, so it neither delivers nor receives anything.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClusterTlsTest {

  private static final Certs.Validity VALID = Certs.Validity.from(Duration.ofDays(1));
  private final String name = "tls-" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger reachedA = new AtomicInteger();
  private final AtomicInteger reachedMallory = new AtomicInteger();
  private Vertx a;
  private Vertx b;
  private Vertx mallory;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    ClusterTest.quiet("com.hazelcast", LauncherInternals.CLUSTERED_BUS_LOGGERS, LauncherInternals.CONNECTION_LOGGER);
    Certs.Issued ca = Certs.ca(Certs.newCaName(), VALID);
    Certs.Issued foreign = Certs.ca(Certs.newCaName(), VALID);
    write(dir, "ca", ca);
    write(dir, "foreign-ca", foreign);
    write(dir, "a", Certs.node(ca, "a", List.of("127.0.0.1"), VALID));
    write(dir, "b", Certs.node(ca, "b", List.of("127.0.0.1"), VALID));
    write(dir, "m", Certs.node(foreign, "m", List.of("127.0.0.1"), VALID));
    int pa = ClusterTest.freePort();
    int pb = ClusterTest.freePort();
    int pm = ClusterTest.freePort();
    List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb, "127.0.0.1:" + pm);
    Future<Vertx> fa = NodeFactory.clustered(config(pa, members), security(dir, "a", "ca"), false);
    Future<Vertx> fb = NodeFactory.clustered(config(pb, members), security(dir, "b", "ca"), false);
    Future<Vertx> fm = NodeFactory.clustered(config(pm, members), security(dir, "m", "foreign-ca"), false);
    a = ClusterTest.await(fa);
    b = ClusterTest.await(fb);
    mallory = ClusterTest.await(fm);
    assertThat(ClusterTest.nodes(a)).as("Hazelcast membership is open: mallory is a member").hasSize(3);
    ClusterTest.await(Future.all(
        a.eventBus().<String>consumer("netbus.test.a", m -> {
          reachedA.incrementAndGet();
          m.reply("A: " + m.body());
        }).completion(),
        mallory.eventBus().<String>consumer("netbus.test.m", m -> {
          reachedMallory.incrementAndGet();
          m.reply("M: " + m.body());
        }).completion()));
  }

  @AfterAll
  void stop() throws Exception {
    for (Vertx v : new Vertx[] {mallory, b, a}) {
      if (v != null) {
        ClusterTest.await(v.close());
      }
    }
  }

  private ClusterConfig config(int port, List<String> members) {
    return new ClusterConfig(true, "127.0.0.1", port, members, false, null, null, 0, name, 1, 3, 5, true, null);
  }

  private static NodeSecurity security(Path dir, String node, String ca) {
    return NodeSecurity.from(new JsonObject().put("tls", new JsonObject()
        .put("cert", dir.resolve(node + ".crt").toString())
        .put("key", dir.resolve(node + ".key").toString())
        .put("ca", dir.resolve(ca + ".crt").toString())));
  }

  private static void write(Path dir, String name, Certs.Issued issued) throws Exception {
    Files.writeString(dir.resolve(name + ".crt"), issued.certificatePem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
  }

  @Test
  void nodesOfTheCaTalkOverTls(VertxTestContext ctx) {
    b.eventBus().<String>request("netbus.test.a", "hi")
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body()).isEqualTo("A: hi");
          ctx.completeNow();
        })));
  }

  @Test
  void aNodeOfAnotherCaDeliversNothing(VertxTestContext ctx) {
    int before = reachedA.get();
    mallory.eventBus().<String>request("netbus.test.a", "let me in", new DeliveryOptions().setSendTimeout(3000))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(reachedA.get()).isEqualTo(before);
          ctx.completeNow();
        })));
  }

  @Test
  void aNodeOfAnotherCaReceivesNothing(VertxTestContext ctx) {
    a.eventBus().<String>request("netbus.test.m", "secret", new DeliveryOptions().setSendTimeout(3000))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(reachedMallory.get()).isZero();
          ctx.completeNow();
        })));
  }
}
