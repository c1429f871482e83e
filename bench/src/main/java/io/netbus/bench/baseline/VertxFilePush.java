package io.netbus.bench.baseline;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;

/**
 * The bare Vert.x 5 baseline for file push: on connect, {@code NetSocket.sendFile(FILE)}, then close.
 *
 * <pre>java -cp netbus.jar io.netbus.bench.baseline.VertxFilePush PORT FILE</pre>
 */
public final class VertxFilePush {

  private VertxFilePush() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String file = args[1];
    Vertx vertx = Vertx.builder().build();
    vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(port))
        .connectHandler(socket -> socket.sendFile(file).onComplete(ar -> socket.close()))
        .listen().toCompletionStage().toCompletableFuture().get();
    System.out.println("listening " + port);
  }
}
