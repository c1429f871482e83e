package io.netbus.bench.baseline;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The bare Vert.x 5 baseline for TCP echo: what a Vert.x user writes in ten lines, no netbus.
 * {@code line}: a {@link RecordParser} cuts lines and each is written back with {@code \n};
 * {@code raw}: each chunk read is written back ({@code pipeTo} for back-pressure).
 *
 * <pre>java -cp netbus.jar io.netbus.bench.baseline.VertxTcpEcho PORT [line|raw] [INSTANCES]</pre>
 * Binds 127.0.0.1; prints {@code listening PORT} once bound.
 */
public final class VertxTcpEcho extends VerticleBase {

  private final int port;
  private final boolean line;

  private VertxTcpEcho(int port, boolean line) {
    this.port = port;
    this.line = line;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean line = args.length < 2 || "line".equals(args[1]);
    int instances = args.length < 3 ? 1 : Integer.parseInt(args[2]);
    Vertx vertx = Vertx.builder().build();
    vertx.deployVerticle(() -> new VertxTcpEcho(port, line), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get();
    System.out.println("listening " + port);
  }

  @Override
  public Future<?> start() {
    return vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port))
        .connectHandler(this::onConnect)
        .listen();
  }

  private void onConnect(NetSocket socket) {
    if (line) {
      RecordParser parser = RecordParser.newDelimited("\n", socket);
      parser.handler(frame -> {
        socket.write(Buffer.buffer(frame.length() + 1).appendBuffer(frame).appendByte((byte) '\n'));
        if (socket.writeQueueFull()) {
          parser.pause();
          socket.drainHandler(v -> parser.resume());
        }
      });
    } else {
      socket.pipeTo(socket);
    }
  }
}
