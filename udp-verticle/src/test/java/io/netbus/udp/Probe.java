package io.netbus.udp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.util.ArrayDeque;
import java.util.Deque;

/** A test peer: a Vert.x datagram socket on an ephemeral loopback port that queues what it receives. */
final class Probe {

  static final long WAIT_MS = 5000;

  private final Vertx vertx;
  private final DatagramSocket socket;
  private final Deque<DatagramPacket> received = new ArrayDeque<>();
  private final Deque<Promise<DatagramPacket>> waiting = new ArrayDeque<>();
  private int count;

  private Probe(Vertx vertx) {
    this.vertx = vertx;
    this.socket = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(false));
  }

  static Future<Probe> open(Vertx vertx) {
    Probe probe = new Probe(vertx);
    probe.socket.handler(probe::onPacket);
    return probe.socket.listen(0, "127.0.0.1").map(probe);
  }

  int port() {
    return socket.localAddress().port();
  }

  DatagramSocket socket() {
    return socket;
  }

  synchronized int count() {
    return count;
  }

  Future<Void> send(int port, Buffer data) {
    return socket.send(data, port, "127.0.0.1");
  }

  Future<Void> send(int port, String text) {
    return send(port, Buffer.buffer(text));
  }

  /** Sends and waits for the next datagram back. */
  Future<DatagramPacket> exchange(int port, Buffer data) {
    return exchange(port, data, WAIT_MS);
  }

  /** Sends and waits up to {@code waitMs} for the next datagram back. */
  Future<DatagramPacket> exchange(int port, Buffer data, long waitMs) {
    Future<DatagramPacket> next = next(waitMs);
    return send(port, data).compose(v -> next);
  }

  Future<DatagramPacket> exchange(int port, String text) {
    return exchange(port, Buffer.buffer(text));
  }

  /** The next datagram received, failing after {@link #WAIT_MS}. */
  Future<DatagramPacket> next() {
    return next(WAIT_MS);
  }

  /** The next datagram received, failing after {@code waitMs}. */
  synchronized Future<DatagramPacket> next(long waitMs) {
    DatagramPacket ready = received.poll();
    if (ready != null) {
      return Future.succeededFuture(ready);
    }
    Promise<DatagramPacket> promise = Promise.promise();
    waiting.add(promise);
    vertx.setTimer(waitMs, id -> {
      synchronized (this) {
        waiting.remove(promise);
      }
      promise.tryFail("no datagram within " + waitMs + " ms");
    });
    return promise.future();
  }

  /** Succeeds when nothing arrives within {@code ms}; fails with what arrived otherwise. */
  Future<Void> silence(long ms) {
    int before = count();
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(ms, id -> {
      if (count() == before) {
        promise.complete();
      } else {
        promise.fail("expected silence, got " + (count() - before) + " datagram(s)");
      }
    });
    return promise.future();
  }

  Future<Void> close() {
    return socket.close();
  }

  private void onPacket(DatagramPacket packet) {
    Promise<DatagramPacket> promise;
    synchronized (this) {
      count++;
      promise = waiting.poll();
      if (promise == null) {
        received.add(packet);
        return;
      }
    }
    promise.tryComplete(packet);
  }
}
