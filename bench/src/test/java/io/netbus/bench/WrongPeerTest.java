package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every bench that reaches the wrong peer, or nothing, says so within seconds (DESIGN: "CLI
 * behaviour a user relies on"), instead of running or waiting for its whole bound: runs by count
 * against peers that never answer would otherwise last up to an hour.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WrongPeerTest {

  /** The first-reply time plus room for a loaded machine. */
  private static final long WITHIN_MS = (PeerCheck.FIRST_REPLY_SECONDS + 5) * 1000;

  private Vertx vertx;
  /** Accepts and never says a word. */
  private int silent;
  /** Sends a banner and closes, like a push listener. */
  private int banner;

  @BeforeEach
  void servers(Vertx vertx) throws Exception {
    this.vertx = vertx;
    silent = listen(vertx.createNetServer().connectHandler(s -> s.handler(b -> { })));
    banner = listen(vertx.createNetServer().connectHandler(s -> s.end(Buffer.buffer("Welcome!"))));
  }

  private static int listen(NetServer server) throws Exception {
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();
  }

  private static BenchProgress quiet() {
    return new BenchProgress(System.err, false, "msg");
  }

  /** A run by count with the default hour-long bound: only the peer check can end it in time. */
  private static Limits byCount() {
    return new Limits(0, Limits.MAX_SECONDS, 1000, 5);
  }

  private static TcpBench.Options tcp(int port) {
    return new TcpBench.Options(new Target("127.0.0.1", port), 2, 4, 32, BenchFraming.LINE, Expect.ECHO, byCount(), 1);
  }

  @Test
  void tcpAgainstASilentPeer() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> TcpBench.run(tcp(silent), quiet())).isInstanceOf(BenchException.class)
        .hasMessage("nothing answered at 127.0.0.1:" + silent + " within 3 s (the connections are open, no reply came "
            + "back): is it the server you meant?");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(WITHIN_MS);
  }

  @Test
  void tcpAgainstAPeerThatClosesEveryConnection() {
    assertThatThrownBy(() -> TcpBench.run(tcp(banner), quiet())).isInstanceOf(BenchException.class)
        .hasMessageStartingWith("127.0.0.1:" + banner + " closed every connection without answering (it sent "
            + "\"Welcome!\"");
  }

  @Test
  void tcpAgainstAPeerThatStopsAnswering() throws Exception {
    // answers the first line of each connection, then nothing more
    int once = listen(vertx.createNetServer().connectHandler(s -> {
      boolean[] answered = {false};
      RecordParser.newDelimited("\n", s).handler(line -> {
        if (!answered[0]) {
          answered[0] = true;
          s.write(line.copy().appendString("\n"));
        }
      });
    }));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> TcpBench.run(new TcpBench.Options(new Target("127.0.0.1", once), 2, 4, 32,
        BenchFraming.LINE, Expect.ECHO, new Limits(0, Limits.MAX_SECONDS, 1000, 1), 1), quiet()))
        .isInstanceOf(BenchException.class)
        .hasMessageStartingWith("127.0.0.1:" + once + " stopped answering: no reply for 1.0 s with 8 messages in flight, "
            + "after 2 replies");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(WITHIN_MS);
  }

  @Test
  void udpAgainstNothing() throws Exception {
    DatagramSocket quiet = vertx.createDatagramSocket();
    quiet.handler(p -> { });
    int port = quiet.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .localAddress().port();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> UdpBench.run(new UdpBench.Options(new Target("127.0.0.1", port), 1, 16, 64, Expect.ECHO,
        byCount(), 500, 1), quiet())).isInstanceOf(BenchException.class)
        .hasMessage("nothing answered at 127.0.0.1:" + port + " within 3 s (datagrams sent, none came back): "
            + "is it the server you meant?");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(WITHIN_MS);
  }

  @Test
  void busAgainstPeersThatAreNotABridge() throws Exception {
    int greet = listen(vertx.createNetServer().connectHandler(s -> s.write("Welcome!")));
    assertThatThrownBy(() -> BusBench.run(new BusBench.Options(new Target("127.0.0.1", greet), "request", 4, 32,
        byCount()), quiet())).isInstanceOf(BenchException.class)
        .hasMessage("127.0.0.1:" + greet + " is not a netbus bridge (it sent \"Welcome!\")");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> BusBench.run(new BusBench.Options(new Target("127.0.0.1", silent), "request", 4, 32,
        byCount()), quiet())).isInstanceOf(BenchException.class)
        .hasMessage("127.0.0.1:" + silent + " is not a netbus bridge (it sent nothing within 3 s)");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(WITHIN_MS);
  }

  @Test
  void fileAgainstPeersThatAreNotAnExchangeListener() throws Exception {
    int upper = listen(vertx.createNetServer().connectHandler(s -> RecordParser.newDelimited("\n", s)
        .handler(line -> s.write(line.toString().toUpperCase() + "\n"))));
    Limits once = new Limits(0, 20, 1, 5);
    assertThatThrownBy(() -> FileBench.run(new FileBench.Options(new Target("127.0.0.1", upper), "get", "a.bin", 0, -1,
        once), quiet())).isInstanceOf(BenchException.class)
        .hasMessage("127.0.0.1:" + upper + " is not a netbus exchange listener (it sent "
            + "\"{\"OP\":\"GET\",\"NAME\":\"A.BIN\"}\")");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> FileBench.run(new FileBench.Options(new Target("127.0.0.1", silent), "get", "a.bin", 0, -1,
        once), quiet())).isInstanceOf(BenchException.class)
        .hasMessage("127.0.0.1:" + silent + " is not a netbus exchange listener (it sent nothing within 3 s)");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(WITHIN_MS);
  }
}
