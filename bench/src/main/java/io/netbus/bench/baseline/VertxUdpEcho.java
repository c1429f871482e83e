package io.netbus.bench.baseline;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

/**
 * The bare Vert.x 5 baseline for UDP echo: one {@link DatagramSocket} sending each datagram back.
 *
 * <pre>java -cp netbus.jar io.netbus.bench.baseline.VertxUdpEcho PORT</pre>
 */
public final class VertxUdpEcho {

  private VertxUdpEcho() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.builder().build();
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.handler(packet -> socket.send(packet.data(), packet.sender().port(), packet.sender().host()));
    socket.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    System.out.println("listening " + port);
  }
}
