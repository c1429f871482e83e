package io.netbus.bridge.client;

import io.netbus.contract.bridge.FrameCodec;
import io.netbus.bridge.protocol.Frames;
import io.netbus.contract.PeerBytes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small client of the bridge protocol over a plain {@link NetClient}, for the CLI's bus
 * commands (and tests). Replies and errors are matched by reply address; an {@code err} frame
 * without an address (the stock bridge's {@code access_denied}) fails the oldest operation still
 * waiting. {@link #publish} is confirmed with a ping: frames are answered in order, so a pong
 * with no error before it means the bridge accepted the publish.
 *
 * <p>{@link #connect} completes only once the peer has answered a {@code ping} with a {@code
 * pong}, within {@link #HANDSHAKE_MS}: a peer that speaks another protocol (a greeting server's
 * {@code Welcome!}, an HTTP server), or nothing at all, fails it with a {@link WrongPeerException}
 * that says so in a user's words, instead of a hang or a nonsensical frame length.
 *
 * <p>With a token, every frame but {@code ping} carries it in {@code headers.token}, which is how
 * a bridge with an {@code auth} section names the client. TLS is whatever the given
 * {@link NetClientOptions} say (the CLI builds them with the security module: the server's
 * certificate is always verified).
 */
public final class BridgeClient {

  /** How long a bridge may take to answer the connection's first ping. */
  public static final long HANDSHAKE_MS = 3000;
  /** How many of a wrong peer's first bytes are kept to show the user. */
  static final int SHOWN_BYTES = PeerBytes.SHOWN_BYTES;

  /** The peer at the address is not an event-bus bridge: it spoke another protocol, or nothing. */
  public static final class WrongPeerException extends RuntimeException {
    WrongPeerException(String message) {
      super(message, null, false, false);
    }
  }

  /** A failure the bridge reported: its {@code err} frame. */
  public static final class BridgeException extends RuntimeException {
    private final JsonObject frame;

    BridgeException(JsonObject frame) {
      super(describe(frame));
      this.frame = frame;
    }

    public JsonObject frame() {
      return frame;
    }

    private static String describe(JsonObject err) {
      String message = err.getString(Frames.MESSAGE, "error");
      String type = err.getString("failureType");
      String detail = err.getString("detail");
      StringBuilder sb = new StringBuilder(message);
      if (detail != null) {
        sb.append(" (").append(detail).append(')');
      }
      if (type != null) {
        sb.append(" [").append(type).append(' ').append(err.getValue("failureCode")).append(']');
      }
      return sb.toString();
    }
  }

  private final Vertx vertx;
  private final NetClient client;
  private NetSocket socket;
  private final Map<String, Promise<JsonObject>> waiting = new HashMap<>();
  private final ArrayDeque<Promise<JsonObject>> pings = new ArrayDeque<>();
  private final Map<String, Handler<JsonObject>> handlers = new HashMap<>();
  private final Promise<Void> closed = Promise.promise();
  private String peer;
  /** The peer's first bytes, while the handshake runs (null after). */
  private Buffer firstBytes = Buffer.buffer();
  private final String token;

  private BridgeClient(Vertx vertx, NetClientOptions options, String token) {
    this.vertx = vertx;
    this.token = token;
    this.client = vertx.createNetClient(new NetClientOptions(options).setConnectTimeout(5000).setTcpNoDelay(true));
  }

  /** Connects to a bridge at {@code host:port} in plain TCP, without a token (see the other connect). */
  public static Future<BridgeClient> connect(Vertx vertx, String host, int port, int maxFrame) {
    return connect(vertx, host, port, maxFrame, new NetClientOptions(), null);
  }

  /**
   * Connects to a bridge at {@code host:port} with {@code options} (TLS, when they say so), puts
   * {@code token} (may be null) into every frame's headers, and checks that the peer is a bridge
   * (a ping answered within {@link #HANDSHAKE_MS}); fails with a {@link WrongPeerException} when
   * it is not.
   */
  public static Future<BridgeClient> connect(Vertx vertx, String host, int port, int maxFrame,
      NetClientOptions options, String token) {
    BridgeClient c = new BridgeClient(vertx, options, token);
    c.peer = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    // Connect from the client's own event loop: the socket's handler is then set before its
    // first read. From another thread the connection can complete, and a peer that speaks first
    // (a greeting banner) be read, before compose() runs, and Vert.x drops what arrives on a
    // socket without a handler, so the wrong-peer message would miss the peer's first words.
    Promise<BridgeClient> connected = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> c.client.connect(port, host).compose(s -> {
      c.attach(s, maxFrame);
      return c.handshake();
    }).onComplete(connected));
    return connected.future();
  }

  private Future<BridgeClient> handshake() {
    long timer = vertx.setTimer(HANDSHAKE_MS, id -> failAll(wrongPeer(firstBytes.length() == 0
        ? "it sent nothing within " + HANDSHAKE_MS / 1000 + " s" : "it sent " + shown(firstBytes))));
    return ping().andThen(ar -> {
      vertx.cancelTimer(timer);
      firstBytes = null;
    }).map(this).recover(err -> socket.close().transform(v -> Future.failedFuture(err)));
  }

  private WrongPeerException wrongPeer(String what) {
    return new WrongPeerException(peer + " is not a netbus bridge (" + what + ")");
  }

  private static String shown(Buffer bytes) {
    return PeerBytes.shown(bytes);
  }

  private void attach(NetSocket s, int maxFrame) {
    socket = s;
    FrameCodec.Decoder decoder = FrameCodec.decoder(maxFrame, new FrameCodec.Listener() {
      @Override
      public void onFrame(Buffer json) {
        BridgeClient.this.onFrame(json);
      }

      @Override
      public void onOversize(long claimed) {
        failAll(firstBytes != null ? wrongPeer("it sent " + shown(firstBytes))
            : new IllegalStateException("the bridge sent a " + claimed + "-byte frame, over " + maxFrame));
        s.close();
      }
    });
    s.handler(chunk -> {
      if (firstBytes != null && firstBytes.length() < SHOWN_BYTES + 1) {
        firstBytes.appendBuffer(chunk, 0, Math.min(chunk.length(), SHOWN_BYTES + 1 - firstBytes.length()));
      }
      decoder.handle(chunk);
    });
    s.closeHandler(v -> {
      failAll(firstBytes == null ? new IllegalStateException("the bridge closed the connection")
          : wrongPeer(firstBytes.length() == 0 ? "it closed the connection without a word"
              : "it sent " + shown(firstBytes) + " and closed the connection"));
      closed.tryComplete();
    });
    s.exceptionHandler(err -> failAll(err));
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Completes when the connection is closed (by either side). */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Sends {@code body} to {@code address} and waits for the reply frame ({@code body} is the reply). */
  public Future<JsonObject> request(String address, Object body, long timeoutMs) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    waiting.put(replyAddress, reply);
    write(new JsonObject().put(Frames.TYPE, Frames.SEND).put(Frames.ADDRESS, address)
        .put(Frames.REPLY_ADDRESS, replyAddress).put(Frames.HEADERS, new JsonObject().put("timeout", timeoutMs))
        .put(Frames.BODY, body));
    long timer = vertx.setTimer(timeoutMs + 2000, id -> {
      waiting.remove(replyAddress);
      reply.tryFail(new IllegalStateException("no reply from the bridge within " + (timeoutMs + 2000) + " ms"));
    });
    return reply.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  /** Publishes {@code body} and completes once the bridge has accepted it (see the class note). */
  public Future<Void> publish(String address, Object body) {
    write(new JsonObject().put(Frames.TYPE, Frames.PUBLISH).put(Frames.ADDRESS, address).put(Frames.BODY, body));
    return ping();
  }

  /** Sends {@code body} to {@code address} without asking for a reply; confirmed like a publish. */
  public Future<Void> send(String address, Object body) {
    write(new JsonObject().put(Frames.TYPE, Frames.SEND).put(Frames.ADDRESS, address).put(Frames.BODY, body));
    return ping();
  }

  /** A ping; completes on the pong. */
  public Future<Void> ping() {
    Promise<JsonObject> pong = Promise.promise();
    pings.add(pong);
    write(new JsonObject().put(Frames.TYPE, Frames.PING));
    return pong.future().mapEmpty();
  }

  /**
   * Registers for {@code address}; each message frame goes to {@code handler}. Completes when the
   * bridge acknowledges the registration (netbus's bridge does when asked with a reply address);
   * a bridge that does not acknowledge is confirmed by a ping instead.
   */
  public Future<Void> register(String address, Handler<JsonObject> handler) {
    handlers.put(address, handler);
    String ack = UUID.randomUUID().toString();
    Promise<JsonObject> acked = Promise.promise();
    waiting.put(ack, acked);
    write(new JsonObject().put(Frames.TYPE, Frames.REGISTER).put(Frames.ADDRESS, address)
        .put(Frames.REPLY_ADDRESS, ack));
    // The stock vertx-tcp-eventbus-bridge never acknowledges a registration, but it answers frames
    // in order: a pong after the register frame means the registration was handled. Whichever
    // comes first settles it. A refusal comes before the pong either way (netbus's bridge fails the
    // ack, the stock one sends an err frame without address, which fails the oldest ping).
    Promise<Void> done = Promise.promise();
    Handler<io.vertx.core.AsyncResult<?>> settle = ar -> {
      if (ar.succeeded()) {
        done.tryComplete();
      } else {
        done.tryFail(ar.cause());
      }
    };
    acked.future().onComplete(settle::handle);
    ping().onComplete(settle::handle);
    return done.future().andThen(ar -> waiting.remove(ack));
  }

  /** Replies to a message frame that carried a {@code replyAddress}. */
  public void reply(JsonObject message, Object body) {
    String to = message.getString(Frames.REPLY_ADDRESS);
    if (to != null) {
      write(new JsonObject().put(Frames.TYPE, Frames.SEND).put(Frames.ADDRESS, to).put(Frames.BODY, body));
    }
  }

  public Future<Void> close() {
    return (socket == null ? Future.<Void>succeededFuture() : socket.close()).transform(v -> client.close());
  }

  private void write(JsonObject frame) {
    if (token != null && !Frames.PING.equals(frame.getString(Frames.TYPE))) {
      JsonObject headers = frame.getJsonObject(Frames.HEADERS);
      if (headers == null) {
        headers = new JsonObject();
        frame.put(Frames.HEADERS, headers);
      }
      headers.put(Frames.TOKEN, token);
    }
    socket.write(FrameCodec.encode(frame));
  }

  private void onFrame(Buffer bytes) {
    JsonObject frame;
    try {
      frame = new JsonObject(bytes);
    } catch (DecodeException | ClassCastException e) {
      failAll(firstBytes != null ? wrongPeer("it sent " + shown(firstBytes))
          : new IllegalStateException("the bridge sent a frame that is not a JSON object"));
      socket.close();
      return;
    }
    String type = frame.getString(Frames.TYPE, "");
    String address = frame.getString(Frames.ADDRESS);
    if (Frames.PONG.equals(type)) {
      Promise<JsonObject> pong = pings.poll();
      if (pong != null) {
        pong.tryComplete(frame);
      }
      return;
    }
    Promise<JsonObject> waiter = address == null ? null : waiting.remove(address);
    if (Frames.ERR.equals(type)) {
      BridgeException failure = new BridgeException(frame);
      if (waiter != null) {
        waiter.tryFail(failure);
      } else {
        failOldest(failure);
      }
      return;
    }
    if (waiter != null) {
      waiter.tryComplete(frame);
      return;
    }
    Handler<JsonObject> handler = address == null ? null : handlers.get(address);
    if (handler != null) {
      handler.handle(frame);
    }
  }

  private void failOldest(Throwable failure) {
    if (!pings.isEmpty()) {
      pings.poll().tryFail(failure);
      return;
    }
    failAll(failure);
  }

  private void failAll(Throwable failure) {
    waiting.values().forEach(p -> p.tryFail(failure));
    waiting.clear();
    pings.forEach(p -> p.tryFail(failure));
    pings.clear();
  }
}
