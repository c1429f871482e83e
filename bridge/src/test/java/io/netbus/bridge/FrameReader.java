package io.netbus.bridge;

import io.netbus.contract.bridge.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;

/**
 * Test helper: a raw socket to a bridge, writing and reading frames one at a time.
 *
 * <p>It holds on to the {@link NetClient} that made its socket. A Vert.x 5 client nobody
 * references is shut down by a {@link java.lang.ref.Cleaner} when it is garbage collected, and a
 * client shut down while a TLS handshake runs closes that connection the moment the handshake
 * completes (its channel group is already closed when the connection joins it). On a loaded
 * machine a GC during the handshake is common: that was the "TLS bridge closes before the first
 * reply" flake, and the bridge was never the one closing.
 */
final class FrameReader {

  /** Referenced only so that it stays reachable as long as the socket is in use (see above). */
  private final NetClient client;
  final NetSocket socket;
  private final ArrayDeque<JsonObject> frames = new ArrayDeque<>();
  private final ArrayDeque<Promise<JsonObject>> waiting = new ArrayDeque<>();
  private final Promise<Void> closed = Promise.promise();

  private FrameReader(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(FrameCodec.decoder(16 * 1024 * 1024, new FrameCodec.Listener() {
      @Override
      public void onFrame(Buffer json) {
        JsonObject frame = new JsonObject(json);
        Promise<JsonObject> p = waiting.poll();
        if (p != null) {
          p.complete(frame);
        } else {
          frames.add(frame);
        }
      }

      @Override
      public void onOversize(long claimed) {
        throw new AssertionError("oversize frame from the bridge: " + claimed);
      }
    }));
    socket.closeHandler(v -> {
      closed.tryComplete();
      waiting.forEach(p -> p.tryFail("closed"));
    });
  }

  static Future<FrameReader> connect(Vertx vertx, int port) {
    return connect(vertx, port, new NetClientOptions());
  }

  static Future<FrameReader> connect(Vertx vertx, int port, NetClientOptions options) {
    NetClient client = vertx.createNetClient(options);
    // the lambda keeps the client reachable until the handshake is done, the reader after that
    return client.connect(port, "127.0.0.1").map(socket -> new FrameReader(client, socket));
  }

  FrameReader write(JsonObject frame) {
    socket.write(FrameCodec.encode(frame));
    return this;
  }

  FrameReader writeRaw(Buffer bytes) {
    socket.write(bytes);
    return this;
  }

  Future<JsonObject> next() {
    JsonObject f = frames.poll();
    if (f != null) {
      return Future.succeededFuture(f);
    }
    if (closed.future().isComplete()) {
      return Future.failedFuture("closed");
    }
    Promise<JsonObject> p = Promise.promise();
    waiting.add(p);
    return p.future();
  }

  Future<Void> closed() {
    return closed.future();
  }
}
