package io.netbus.bridge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netbus.contract.bridge.FrameCodec;
import io.netbus.bridge.protocol.Frames;
import io.netbus.contract.InternalAddresses;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.security.AuthSection;
import io.netty.handler.ssl.NotSslRecordException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge client: decodes its frames (capped), checks every address against the policy, and
 * relays between the socket and the event bus. Everything it holds is bounded: the partial
 * frame, its registrations, the messages it may still reply to, its requests in flight, and what
 * its consumers buffer while the socket's write queue is full (then the consumers and the socket
 * are paused until it drains). Closing the socket unregisters everything it owns.
 *
 * <p>Frames bound for the client are encoded into one outgoing buffer and written together once
 * the event loop has run the tasks already queued (the replies and bus messages of one burst),
 * so a burst costs one socket write and one flush, not one per frame; the order is unchanged. A
 * burst past {@link #FLUSH_BYTES} is written at once, so a full write queue still pauses the
 * consumers within a few frames.
 *
 * <p>With an {@code auth} section every frame but {@code ping} must name a client (its
 * {@code headers.token}, or the connection's client certificate); the token header is removed
 * before anything reaches the bus, and the client's own bus rules apply. A frame that names no
 * known client is answered {@code access_denied}; the third such frame closes the connection.
 */
public final class BridgeConnection {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeConnection.class);

  /** Registrations, pending replies and requests in flight a single client may hold. */
  static final int MAX_REGISTRATIONS = 256;
  static final int MAX_REPLIES = 1024;
  static final int MAX_IN_FLIGHT = 1024;
  /** Bytes of encoded frames after which a burst is written at once instead of at its end. */
  static final int FLUSH_BYTES = 32 * 1024;
  /** Messages a paused consumer buffers before it drops (and logs) the newest. */
  static final int MAX_BUFFERED_PER_CONSUMER = 1024;

  private final NetSocket socket;
  private final EventBus bus;
  private final BridgeAuth auth;
  private final Supplier<Optional<AuthSection.Client>> certificate;
  private Optional<AuthSection.Client> certClient;
  private final long requestTimeoutMs;
  private final String remote;
  private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
  private final Map<String, Message<Object>> replies = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Message<Object>> eldest) {
      return size() > MAX_REPLIES;
    }
  };
  private int inFlight;
  private int refusals;
  private long dropped;
  private boolean paused;
  private boolean closed;

  private final Runnable onClosed;
  private final ListenerStats stats;
  private final Context context;
  private final Handler<Void> flushTask = v -> {
    flushScheduled = false;
    flush();
  };
  /** Requests without headers all get these (the event bus only reads delivery options). */
  private final DeliveryOptions defaultOptions;
  /** Frames encoded but not yet written: at most {@link #FLUSH_BYTES} and one frame. */
  private Buffer outgoing;
  private boolean flushScheduled;
  /** The address the last send or publish was checked against the policy for, and the verdict. */
  private String lastInbound;
  private boolean lastInboundAllowed;
  private AddressPolicy lastPolicy;

  /**
   * Takes over {@code socket}'s handlers; {@code certificate} finds the client its verified
   * certificate names, if any (asked once, at the first frame that needs it); frames in and out count in {@code stats}; {@code onClosed} runs once when the
   * connection ends.
   */
  BridgeConnection(Vertx vertx, NetSocket socket, BridgeAuth auth, Supplier<Optional<AuthSection.Client>> certificate,
      int maxFrame, long requestTimeoutMs, ListenerStats stats, Runnable onClosed) {
    this.socket = socket;
    this.stats = stats;
    this.onClosed = onClosed;
    this.bus = vertx.eventBus();
    this.auth = auth;
    this.certificate = certificate;
    this.requestTimeoutMs = requestTimeoutMs;
    this.remote = String.valueOf(socket.remoteAddress());
    this.context = vertx.getOrCreateContext();
    this.defaultOptions = new DeliveryOptions().setSendTimeout(requestTimeoutMs);
    FrameCodec.Decoder decoder = FrameCodec.decoder(maxFrame, new FrameCodec.Listener() {
      @Override
      public void onFrame(Buffer json) {
        BridgeConnection.this.onFrame(json);
      }

      @Override
      public void onOversize(long claimed) {
        BridgeConnection.this.onOversize(claimed, maxFrame);
      }
    });
    socket.handler(decoder);
    socket.closeHandler(v -> onClose());
    socket.exceptionHandler(this::onException);
  }

  private void onFrame(Buffer bytes) {
    if (closed) {
      return;
    }
    stats.frameIn(bytes.length());
    JsonObject frame;
    if (bytes.length() == 0) {
      write(Frames.err(Frames.INVALID_JSON, null, "the frame is empty; it must hold a JSON object"));
      return;
    }
    try {
      Object value = Json.decodeValue(bytes);
      if (!(value instanceof JsonObject json)) {
        write(Frames.err(Frames.INVALID_JSON, null, "a frame must be a JSON object"));
        return;
      }
      frame = json;
    } catch (DecodeException e) {
      write(Frames.err(Frames.INVALID_JSON, null, whyNotJson(e)));
      return;
    }
    Object typeValue = frame.getValue(Frames.TYPE);
    String type = typeValue instanceof String s ? s : null;
    if (Frames.PING.equals(type)) {
      write(Frames.pong());
      return;
    }
    Object addressValue = frame.getValue(Frames.ADDRESS);
    Object replyValue = frame.getValue(Frames.REPLY_ADDRESS);
    String replyAddress = replyValue instanceof String s ? s : null;
    AddressPolicy policy = authorize(frame, Frames.REGISTER.equals(type) && replyAddress == null
        && addressValue instanceof String a ? a : replyAddress);
    if (policy == null) {
      return;
    }
    if (type == null || !isAddressed(type)) {
      write(Frames.err(Frames.UNKNOWN_TYPE, null, "type " + (typeValue == null ? "missing" : "'" + typeValue + "'")
          + "; expected send, publish, register, unregister or ping"));
      return;
    }
    if (!(addressValue instanceof String address) || address.isEmpty()) {
      write(Frames.err(Frames.MISSING_ADDRESS, replyAddress, "the frame has no 'address' string"));
      return;
    }
    DeliveryOptions options;
    try {
      options = deliveryOptions(frame.getValue(Frames.HEADERS));
    } catch (IllegalArgumentException e) {
      write(Frames.err(Frames.INVALID_JSON, replyAddress, e.getMessage()));
      return;
    }
    Object body = frame.getValue(Frames.BODY);
    switch (type) {
      case Frames.SEND -> onSend(policy, address, replyAddress, body, options, frame);
      case Frames.PUBLISH -> onPublish(policy, address, body, options);
      case Frames.REGISTER -> onRegister(policy, address, replyAddress);
      case Frames.UNREGISTER -> onUnregister(policy, address);
      default -> throw new IllegalStateException(type);
    }
  }

  /**
   * The address rules for this frame, or null when it was refused. Removes {@code headers.token}
   * in every case (a credential must never travel on the bus), then, with an {@code auth}
   * section, finds the client the token or else the certificate names.
   */
  private AddressPolicy authorize(JsonObject frame, String errAddress) {
    Object token = frame.getValue(Frames.HEADERS) instanceof JsonObject h ? h.remove(Frames.TOKEN) : null;
    if (!auth.required()) {
      return auth.open();
    }
    if (token == null && certClient == null) {
      certClient = certificate.get();
    }
    Optional<AuthSection.Client> client = token == null ? certClient
        : auth.byToken(token instanceof String t ? t : null);
    if (client.isPresent()) {
      return auth.policy(client.get());
    }
    refusals++;
    String why = token == null ? "no client: put the client's token in headers.token" : "unknown token";
    LOG.debug("bridge client {}: frame refused, {} ({} of {})", remote, token == null ? "no token" : "unknown token",
        refusals, BridgeAuth.MAX_REFUSALS);
    write(Frames.err(Frames.ACCESS_DENIED, errAddress, why));
    if (refusals >= BridgeAuth.MAX_REFUSALS) {
      LOG.debug("bridge client {}: {} frames refused, closing", remote, refusals);
      socket.pause();
      flush();
      socket.close();
      onClose();
    }
    return null;
  }

  /** Where and why a frame is not JSON, without Jackson's notes about its own source and settings. */
  static String whyNotJson(DecodeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof JsonProcessingException jpe) {
        JsonLocation at = jpe.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String problem = String.valueOf(jpe.getOriginalMessage()).replace('\n', ' ');
        return "malformed JSON" + where + ": " + problem.replaceAll(" \\(start marker at \\[Source: .*?\\]\\)", "");
      }
    }
    return "malformed JSON";
  }

  private static boolean isAddressed(String type) {
    return switch (type) {
      case Frames.SEND, Frames.PUBLISH, Frames.REGISTER, Frames.UNREGISTER -> true;
      default -> false;
    };
  }

  private void onSend(AddressPolicy policy, String address, String replyAddress, Object body,
      DeliveryOptions options, JsonObject frame) {
    Message<Object> replyTo = replies.remove(address);
    if (replyTo != null) {
      onReply(replyTo, replyAddress, body, options, frame);
      return;
    }
    if (!inbound(policy, address)) {
      deny(address, replyAddress);
      return;
    }
    if (replyAddress == null) {
      bus.send(address, body, options);
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      write(Frames.err(Frames.TOO_MANY_REQUESTS, replyAddress, MAX_IN_FLIGHT + " requests already in flight"));
      return;
    }
    inFlight++;
    bus.request(address, body, options).onComplete(ar -> {
      inFlight--;
      relayResult(address, replyAddress, ar.succeeded() ? ar.result() : null, ar.cause());
    });
  }

  /** The client answers a message it received: a reply, a failure, or a reply expecting a reply. */
  private void onReply(Message<Object> replyTo, String replyAddress, Object body, DeliveryOptions options,
      JsonObject frame) {
    Object code = frame.getValue("failureCode");
    if (code instanceof Number n) {
      Object text = frame.getValue(Frames.MESSAGE);
      replyTo.fail(n.intValue(), text instanceof String s ? s : "failed by bridge client");
    } else if (replyAddress == null) {
      replyTo.reply(body, options);
    } else {
      inFlight++;
      replyTo.replyAndRequest(body, options).onComplete(ar -> {
        inFlight--;
        relayResult(replyTo.replyAddress(), replyAddress, ar.succeeded() ? ar.result() : null, ar.cause());
      });
    }
  }

  private void relayResult(String address, String replyAddress, Message<Object> reply, Throwable failure) {
    if (closed) {
      return;
    }
    if (reply == null) {
      write(Frames.failure(address, replyAddress, failure));
      return;
    }
    if (reply.replyAddress() != null) {
      replies.put(reply.replyAddress(), reply);
    }
    write(Frames.message(replyAddress, reply.replyAddress(), reply.headers(), true, reply.body()));
  }

  /** The policy's inbound verdict, remembered for the last address: clients mostly repeat one (no regex per frame). */
  private boolean inbound(AddressPolicy policy, String address) {
    if (policy != lastPolicy || !address.equals(lastInbound)) {
      lastPolicy = policy;
      lastInboundAllowed = policy.inbound(address);
      lastInbound = address;
    }
    return lastInboundAllowed;
  }

  private void onPublish(AddressPolicy policy, String address, Object body, DeliveryOptions options) {
    if (!inbound(policy, address)) {
      deny(address, null);
      return;
    }
    bus.publish(address, body, options);
  }

  private void onRegister(AddressPolicy policy, String address, String replyAddress) {
    if (!policy.outbound(address)) {
      deny(address, replyAddress == null ? address : replyAddress);
      return;
    }
    MessageConsumer<Object> consumer = consumers.get(address);
    if (consumer == null) {
      if (consumers.size() >= MAX_REGISTRATIONS) {
        write(Frames.err(Frames.TOO_MANY_REGISTRATIONS, replyAddress == null ? address : replyAddress,
            MAX_REGISTRATIONS + " addresses already registered on this connection"));
        return;
      }
      consumer = bus.consumer(new MessageConsumerOptions().setAddress(address)
          .setMaxBufferedMessages(MAX_BUFFERED_PER_CONSUMER));
      consumer.handler(this::onBusMessage);
      // count what a paused consumer drops instead of one warning per message.
      BridgeInternals.onDiscard(consumer, m -> dropped++);
      if (paused) {
        consumer.pause();
      }
      consumers.put(address, consumer);
    }
    if (replyAddress != null) {
      // netbus extension: a register frame with a replyAddress is acknowledged once the
      // registration has reached the cluster, so a client knows when it will start hearing.
      consumer.completion().onComplete(ar -> {
        if (ar.succeeded()) {
          write(new JsonObject().put(Frames.TYPE, Frames.MESSAGE).put(Frames.ADDRESS, replyAddress)
              .put(Frames.BODY, new JsonObject().put("registered", address)));
        } else {
          write(Frames.failure(address, replyAddress, ar.cause()));
        }
      });
    }
  }

  private void onUnregister(AddressPolicy policy, String address) {
    if (!policy.outbound(address)) {
      deny(address, null);
      return;
    }
    MessageConsumer<Object> consumer = consumers.remove(address);
    if (consumer == null) {
      write(Frames.err(Frames.UNKNOWN_ADDRESS, null, "not registered: " + address));
    } else {
      consumer.unregister();
    }
  }

  private void onBusMessage(Message<Object> message) {
    if (closed) {
      return;
    }
    if (message.replyAddress() != null) {
      replies.put(message.replyAddress(), message);
    }
    write(Frames.message(message.address(), message.replyAddress(), message.headers(), message.isSend(),
        message.body()));
  }

  private void deny(String address, String errAddress) {
    LOG.debug("bridge client {} denied address {}", remote, address);
    write(Frames.err(Frames.ACCESS_DENIED, errAddress, address));
  }

  private void onOversize(long claimed, int maxFrame) {
    LOG.info("bridge client {} claimed a {}-byte frame (max {}): closing", remote, claimed, maxFrame);
    socket.pause();
    write(Frames.err(Frames.FRAME_TOO_LARGE, null, claimed + " bytes claimed, at most " + maxFrame + " allowed"));
    flush();
    socket.close();
    onClose();
  }

  /** Queues one frame for the next flush, which the first frame of a burst schedules (or a big burst does now). */
  private void write(JsonObject frame) {
    if (closed) {
      return;
    }
    if (outgoing == null) {
      outgoing = Buffer.buffer(256);
    }
    int before = outgoing.length();
    outgoing = FrameCodec.appendFrame(outgoing, frame);
    stats.frameOut(outgoing.length() - before);
    if (outgoing.length() >= FLUSH_BYTES) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(flushTask);
    }
  }

  /** Writes the queued frames at once; a full write queue pauses the socket and every consumer until it drains. */
  private void flush() {
    Buffer frames = outgoing;
    outgoing = null;
    if (closed || frames == null) {
      return;
    }
    socket.write(frames);
    if (!paused && socket.writeQueueFull()) {
      paused = true;
      socket.pause();
      consumers.values().forEach(MessageConsumer::pause);
      socket.drainHandler(v -> resume());
    }
  }

  private void resume() {
    if (closed || !paused) {
      return;
    }
    paused = false;
    socket.drainHandler(null);
    if (dropped > 0) {
      LOG.warn("bridge client {} was not reading: {} messages dropped", remote, dropped);
      dropped = 0;
    }
    consumers.values().forEach(MessageConsumer::resume);
    socket.resume();
  }

  private void onException(Throwable err) {
    if (!isTls(err)) { // a failed handshake is logged once, by the verticle
      LOG.debug("bridge client {}: {}", remote, err.toString(), err);
    }
    socket.close();
  }

  private static boolean isTls(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c instanceof NotSslRecordException) {
        return true;
      }
    }
    return false;
  }

  private void onClose() {
    if (closed) {
      return;
    }
    closed = true;
    outgoing = null;
    consumers.values().forEach(MessageConsumer::unregister);
    consumers.clear();
    replies.clear();
    onClosed.run();
  }

  /**
   * The client's headers as delivery options: string headers pass through, {@code timeout}
   * (ms) and {@code localOnly} are honoured, {@code codecName} is ignored (a client must not pick
   * the bus's codecs), and headers under {@code netbus.internal.} are dropped (a client must not
   * forge what netbus tells itself). Without a timeout, requests use the bridge's {@code requestTimeoutMs}.
   */
  private DeliveryOptions deliveryOptions(Object headers) {
    if (headers == null) {
      return defaultOptions;
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(requestTimeoutMs);
    if (!(headers instanceof JsonObject h)) {
      throw new IllegalArgumentException("'headers' must be an object");
    }
    for (Map.Entry<String, Object> e : h) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "timeout" -> {
          if (!(v instanceof Number n) || n.longValue() <= 0) {
            throw new IllegalArgumentException("header 'timeout' must be a positive number of milliseconds");
          }
          options.setSendTimeout(n.longValue());
        }
        case "localOnly" -> options.setLocalOnly(Boolean.TRUE.equals(v) || "true".equals(v));
        case "codecName" -> {
        }
        default -> {
          if (v != null && !InternalAddresses.isInternalHeader(e.getKey())) {
            options.addHeader(e.getKey(), String.valueOf(v));
          }
        }
      }
    }
    return options;
  }
}
