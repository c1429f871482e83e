package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.await;
import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.tcp.api.TcpAddresses;
import io.netbus.tcp.client.TcpClientVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Caps on what one client can make a node do: requests in flight per connection, maxFrame, concurrent bus requests. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RequestLimitsTest {

  private static final String ADDRESS = "test.limits.service";

  /** One write of 20,000 lines: at most maxInFlight requests reach the bus at once; every reply comes, in order. */
  @Test
  void addressServiceStopsReadingAtMaxInFlight(Vertx vertx) throws Exception {
    List<Message<JsonObject>> waiting = new CopyOnWriteArrayList<>();
    Promise<Void> fourArrived = Promise.promise();
    Promise<Void> answering = Promise.promise();
    int[] maxSeen = {0};
    await(vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> {
      if (answering.future().isComplete()) {
        m.reply(new JsonObject().put("text", m.body().getString("text")));
        return;
      }
      waiting.add(m);
      maxSeen[0] = Math.max(maxSeen[0], waiting.size());
      if (waiting.size() == 4) {
        fourArrived.tryComplete();
      }
    }).completion());
    int port = deploy(vertx, section(1, listener("bus", new JsonObject().put("address", ADDRESS), "line")
        .put("maxInFlight", 4))).get("bus");
    int lines = 20_000;
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      all.append(i).append('\n');
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(all.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await(fourArrived.future());
      // nothing more arrives while the four are unanswered (a timer, not a sleep: the node keeps running)
      Promise<Void> later = Promise.promise();
      vertx.setTimer(300, t -> later.complete());
      await(later.future());
      assertThat(waiting).as("requests in flight on one connection").hasSize(4);
      vertx.runOnContext(v -> {
        answering.complete();
        waiting.forEach(m -> m.reply(new JsonObject().put("text", m.body().getString("text"))));
      });
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (int i = 0; i < lines; i++) {
        assertThat(in.readLine()).as("reply %d", i).isEqualTo(String.valueOf(i));
      }
    }
    assertThat(maxSeen[0]).isEqualTo(4);
  }

  @Test
  void requestMaxFrameIsCappedAt16MiB(Vertx vertx) throws Exception {
    await(vertx.deployVerticle(new TcpClientVerticle()));
    JsonObject body = new JsonObject().put("host", "127.0.0.1").put("port", 9).put("framing", "length")
        .put("maxFrame", 2_147_483_000);
    Throwable err = vertx.eventBus().request(TcpAddresses.REQUEST, body).toCompletionStage().toCompletableFuture()
        .handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
    assertThat(err).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) err).failureCode()).isEqualTo(400);
    assertThat(err.getMessage()).contains("maxFrame").contains("16 MiB");
  }

  @Test
  void requestsBeyondMaxRequestsFailBusy(Vertx vertx) throws Exception {
    await(vertx.deployVerticle(new TcpClientVerticle(2)));
    NetServer silent = await(vertx.createNetServer().connectHandler(s -> { }).listen(0, "127.0.0.1"));
    JsonObject body = new JsonObject().put("host", "127.0.0.1").put("port", silent.actualPort()).put("text", "hi")
        .put("timeoutMs", 10_000);
    vertx.eventBus().request(TcpAddresses.REQUEST, body);
    vertx.eventBus().request(TcpAddresses.REQUEST, body);
    Throwable err = vertx.eventBus().request(TcpAddresses.SCAN, new JsonObject().put("host", "127.0.0.1")
        .put("ports", "1")).toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
    assertThat(err).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) err).failureCode()).isEqualTo(TcpAddresses.BUSY);
    assertThat(err.getMessage()).startsWith("busy:");
  }
}
