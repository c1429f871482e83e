package io.netbus.bench;

import io.netbus.contract.bridge.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;

/**
 * The bus bench through a TCP event-bus bridge, over two connections: the responder registers the
 * bench's private address and answers each message (or hands each publication back to the load),
 * the requester sends requests with reply address {@code r<seq>} (or publishes), so every round
 * trip crosses the bridge twice each way. Frames are the bridge's wire format ({@link FrameCodec});
 * with a token, every frame carries it in {@code headers.token}, as the netbus bridge's auth
 * section asks.
 */
final class BridgeBusSender implements BusSender {

  /** The largest frame accepted from the bridge. */
  static final int MAX_FRAME = 16 << 20;
  static final String HEADERS = "headers";
  static final String TOKEN = "token";

  private final BusBench.Options options;
  private final String address;
  private final BusLoad load;
  private final Promise<Void> registered = Promise.promise();
  private NetSocket responder;
  private NetSocket requester;

  private BridgeBusSender(BusBench.Options options, String address, BusLoad load) {
    this.options = options;
    this.address = address;
    this.load = load;
  }

  /** Opens both connections and registers the address; ready once the bridge answered the ping after it. */
  static Future<BusSender> start(Vertx vertx, BusBench.Options options, String address, BusLoad load) {
    BridgeBusSender sender = new BridgeBusSender(options, address, load);
    NetClient client = vertx.createNetClient(options.transport().configure(new NetClientOptions().setTcpNoDelay(true)));
    Target bridge = options.bridge();
    // On one event loop, each socket paused from its connect until both have handlers: Vert.x
    // drops what arrives on a socket without a handler, and a wrong peer that speaks first (a
    // greeting banner) must still be named by its first words.
    Promise<BusSender> started = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.connect(bridge.port(), bridge.host())
        .compose(responder -> {
          responder.pause();
          return client.connect(bridge.port(), bridge.host()).compose(requester -> {
            requester.pause();
            sender.wire(responder, requester);
            responder.resume();
            requester.resume();
            responder.write(sender.frame(new JsonObject().put("type", "register").put("address", address)));
            responder.write(sender.frame(new JsonObject().put("type", "ping")));
            return sender.registered.future();
          });
        })
        .<BusSender>map(x -> sender)
        .onComplete(started));
    return started.future();
  }

  private void wire(NetSocket responder, NetSocket requester) {
    this.responder = responder;
    this.requester = requester;
    FrameCodec.Decoder fromResponder = decoder(this::onResponderFrame);
    FrameCodec.Decoder fromRequester = decoder(this::onRequesterFrame);
    responder.handler(chunk -> {
      load.peer.received(chunk);
      fromResponder.handle(chunk);
    });
    requester.handler(chunk -> {
      load.peer.received(chunk);
      fromRequester.handle(chunk);
    });
    responder.closeHandler(v -> onClosed());
    requester.closeHandler(v -> onClosed());
  }

  /** Before the registration is answered, bytes that are not frames or a close mean another kind of peer. */
  private boolean notABridge(String otherwise) {
    if (registered.future().isComplete()) {
      return false;
    }
    String why = options.bridge() + " is not a netbus bridge (" + load.peer.sent(otherwise) + ")";
    load.broken(why);
    registered.tryFail(why);
    return true;
  }

  private void onClosed() {
    if (!notABridge("it closed the connection without a word")) {
      load.bridgeClosed();
    }
  }

  private FrameCodec.Decoder decoder(Consumer<JsonObject> onFrame) {
    return FrameCodec.decoder(MAX_FRAME, new FrameCodec.Listener() {
      @Override
      public void onFrame(Buffer json) {
        JsonObject frame;
        try {
          frame = new JsonObject(json);
        } catch (DecodeException e) {
          if (!notABridge("it sent a frame that is not JSON")) {
            load.broken("the bridge sent a frame that is not JSON: " + e.getMessage());
          }
          return;
        }
        onFrame.accept(frame);
      }

      @Override
      public void onOversize(long claimed) {
        if (!notABridge("it sent a frame of " + claimed + " bytes")) {
          load.broken("bridge frame of " + claimed + " bytes is over the cap of " + MAX_FRAME);
        }
      }
    });
  }

  private void onResponderFrame(JsonObject frame) {
    String type = frame.getString("type");
    if ("message".equals(type)) {
      JsonObject body = frame.getJsonObject("body");
      if ("publish".equals(options.pattern())) {
        load.onBack(body.getLong("seq", -1L), body);
      } else if (frame.getString("replyAddress") != null) {
        responder.write(frame(new JsonObject().put("type", "send").put("address", frame.getString("replyAddress"))
            .put("body", body)));
      }
    } else if ("pong".equals(type)) {
      registered.tryComplete();
    } else if ("err".equals(type)) {
      String failure = "the bridge refused to register " + address + ": " + frame.getString("message");
      load.broken(failure);
      registered.tryFail(failure);
    }
  }

  private void onRequesterFrame(JsonObject frame) {
    String type = frame.getString("type");
    String reply = frame.getString("address");
    long id = reply == null || !reply.startsWith("r") ? -1 : Long.parseLong(reply.substring(1));
    if ("message".equals(type) && id >= 0) {
      load.onBack(id, frame.getJsonObject("body"));
    } else if ("err".equals(type) && id >= 0) {
      load.onFailed(id, frame.getString("message"));
    } else if ("err".equals(type)) {
      load.broken("the bridge refused: " + frame.getString("message"));
    }
  }

  /** One encoded frame, with the token in its headers when there is one. */
  private Buffer frame(JsonObject frame) {
    if (options.token() != null) {
      frame.put(HEADERS, new JsonObject().put(TOKEN, options.token()));
    }
    return FrameCodec.encode(frame);
  }

  @Override
  public void request(long id, JsonObject body) {
    requester.write(frame(new JsonObject().put("type", "send").put("address", address).put("replyAddress", "r" + id)
        .put("body", body)));
  }

  @Override
  public void publish(JsonObject body) {
    requester.write(frame(new JsonObject().put("type", "publish").put("address", address).put("body", body)));
  }

  @Override
  public Future<Void> close() {
    return requester.close().eventually(() -> responder.close());
  }
}
