package io.netbus.udp;

import io.netbus.security.TargetGate;
import io.netbus.security.Targets;
import io.netbus.contract.Payload;
import io.netbus.udp.service.Datagram;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code netbus.udp.send}: sends one datagram anywhere. Without {@code awaitReply} it goes out
 * of one shared socket and the request is answered {@code {sent: <bytes>}} once it is written.
 * With {@code awaitReply} a private socket is bound on an ephemeral port, the datagram sent from
 * it, and the first datagram that comes back within {@code timeoutMs} is the reply
 * {@code {sender, text|data, attempts}}; after a silent timeout it is sent again, {@code retries}
 * times, and then the request fails with {@link UdpAddresses#NO_REPLY}.
 */
public final class UdpSenderVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UdpSenderVerticle.class);
  private final int maxRequests;
  private DatagramSocket v4;
  private DatagramSocket v6;
  /** Requests in progress: sends not yet written, and exchanges awaiting a reply (each holds a socket). */
  private int inProgress;
  private final Targets targets;
  private TargetGate gate;

  /** @param maxRequests requests in progress at once; more fail 503 busy (udp.maxRequests) */
  public UdpSenderVerticle(int maxRequests) {
    this(maxRequests, Targets.ANY);
  }

  /**
   * @param maxRequests requests in progress at once; more fail 503 busy (udp.maxRequests)
   * @param targets where {@code netbus.udp.send} may send ({@code udp.targets})
   */
  public UdpSenderVerticle(int maxRequests, Targets targets) {
    this.maxRequests = maxRequests;
    this.targets = targets;
  }

  @Override
  public Future<?> start() {
    v4 = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(false));
    gate = new TargetGate(vertx, targets, UdpConfig.SECTION + "." + UdpConfig.TARGETS);
    return vertx.eventBus().consumer(UdpAddresses.SEND, this::onSend).completion();
  }

  @Override
  public Future<?> stop() {
    return v6 == null ? v4.close() : Future.join(v4.close(), v6.close());
  }

  private void onSend(Message<Object> message) {
    SendRequest parsed;
    try {
      parsed = SendRequest.parse(message.body());
    } catch (IllegalArgumentException e) {
      message.fail(UdpAddresses.BAD_REQUEST, UdpAddresses.SEND + ": " + e.getMessage());
      return;
    }
    if (inProgress >= maxRequests) {
      message.fail(UdpAddresses.BUSY, "busy: " + maxRequests + " " + UdpAddresses.SEND
          + " requests are in progress on this node (udp.maxRequests); try again later");
      return;
    }
    inProgress++;
    // udp.targets: refused 403 naming the target; a name allowed by a CIDR target is sent to the address checked
    gate.resolve(parsed.host(), parsed.port())
        .onFailure(err -> {
          inProgress--;
          message.fail(TargetGate.FORBIDDEN, UdpAddresses.SEND + ": " + err.getMessage());
        })
        .onSuccess(address -> send(message, address == null ? parsed : parsed.withHost(address.getHostAddress())));
  }

  private void send(Message<Object> message, SendRequest request) {
    if (!request.awaitReply()) {
      shared(request.ipV6()).send(request.payload(), request.port(), request.host())
          .onComplete(ar -> inProgress--)
          .onSuccess(v -> message.reply(new JsonObject().put(UdpAddresses.SENT, request.payload().length())))
          .onFailure(err -> failSend(message, request, err));
      return;
    }
    new Exchange(message, request).start();
  }

  private DatagramSocket shared(boolean ipV6) {
    if (!ipV6) {
      return v4;
    }
    if (v6 == null) {
      v6 = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(true));
    }
    return v6;
  }

  private static void failSend(Message<Object> message, SendRequest request, Throwable err) {
    LOG.debug("udp send to {} failed", request.target(), err);
    message.fail(UdpAddresses.SEND_FAILED, "cannot send a datagram to " + request.target() + ": "
        + (err.getMessage() == null ? err.toString() : err.getMessage()));
  }

  /** One awaitReply request: its own socket, a timer per attempt, done on the first datagram back. */
  private final class Exchange {

    private final Message<Object> message;
    private final SendRequest request;
    private final DatagramSocket socket;
    private final Promise<JsonObject> done = Promise.promise();
    private int attempts;
    private long timer = -1;

    Exchange(Message<Object> message, SendRequest request) {
      this.message = message;
      this.request = request;
      this.socket = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(request.ipV6()));
    }

    void start() {
      socket.handler(this::onReply);
      socket.exceptionHandler(err -> LOG.debug("udp send to {}: socket error", request.target(), err));
      socket.listen(0, request.ipV6() ? "::" : "0.0.0.0")
          .onSuccess(s -> attempt())
          .onFailure(err -> done.tryFail(new Failure(UdpAddresses.SEND_FAILED,
              "cannot bind a socket for the reply: " + err.getMessage())));
      done.future().onComplete(result -> {
        inProgress--;
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
        socket.close();
        if (result.succeeded()) {
          message.reply(result.result());
        } else if (result.cause() instanceof Failure f) {
          message.fail(f.code, f.getMessage());
        } else {
          message.fail(UdpAddresses.SEND_FAILED, result.cause().toString());
        }
      });
    }

    private void attempt() {
      if (done.future().isComplete()) {
        return;
      }
      attempts++;
      socket.send(request.payload(), request.port(), request.host()).onFailure(err -> {
        LOG.debug("udp send to {} failed", request.target(), err);
        done.tryFail(new Failure(UdpAddresses.SEND_FAILED, "cannot send a datagram to " + request.target() + ": "
            + (err.getMessage() == null ? err.toString() : err.getMessage())));
      });
      timer = vertx.setTimer(request.timeoutMs(), id -> {
        timer = -1;
        if (attempts <= request.retries()) {
          LOG.debug("udp send to {}: no reply within {} ms, sending again", request.target(), request.timeoutMs());
          attempt();
        } else {
          done.tryFail(new Failure(UdpAddresses.NO_REPLY, "no reply from " + request.target() + " within "
              + request.timeoutMs() + " ms after " + attempts + (attempts == 1 ? " attempt" : " attempts")
              + ": UDP may lose packets (or nothing answers there); raise timeoutMs or retries"));
        }
      });
    }

    private void onReply(DatagramPacket packet) {
      done.tryComplete(Payload.put(new JsonObject().put(UdpAddresses.SENDER, Datagram.format(packet.sender())),
          packet.data()).put(UdpAddresses.ATTEMPTS, attempts));
    }
  }

  /** A failure code and message for the requester. */
  private static final class Failure extends RuntimeException {
    private final int code;

    Failure(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
