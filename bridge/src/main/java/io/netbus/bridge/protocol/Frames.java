package io.netbus.bridge.protocol;

import io.netbus.contract.Payload;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The bridge protocol's frames, as the stock Vert.x TCP bridge writes them, in one place: the
 * frame types and the fixed vocabulary of {@code err} messages.
 */
public final class Frames {

  public static final String TYPE = "type";
  public static final String ADDRESS = "address";
  public static final String REPLY_ADDRESS = "replyAddress";
  public static final String BODY = "body";
  public static final String HEADERS = "headers";
  public static final String MESSAGE = "message";
  /** netbus: the header naming the client to a bridge with an {@code auth} section; never enters the bus. */
  public static final String TOKEN = "token";

  public static final String SEND = "send";
  public static final String PUBLISH = "publish";
  public static final String REGISTER = "register";
  public static final String UNREGISTER = "unregister";
  public static final String PING = "ping";
  public static final String PONG = "pong";
  public static final String ERR = "err";

  /** {@code err} messages. The stock bridge's first four, then netbus's hardening. */
  public static final String ACCESS_DENIED = "access_denied";
  public static final String UNKNOWN_ADDRESS = "unknown_address";
  public static final String MISSING_ADDRESS = "missing_address";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String INVALID_JSON = "invalid_json";
  public static final String FRAME_TOO_LARGE = "frame_too_large";
  public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
  public static final String TOO_MANY_REQUESTS = "too_many_requests";
  public static final String TOO_MANY_REGISTRATIONS = "too_many_registrations";

  private Frames() {
  }

  public static JsonObject pong() {
    return new JsonObject().put(TYPE, PONG);
  }

  /** An {@code err} frame; {@code address} (may be null) lets clients route it to a handler. */
  public static JsonObject err(String message, String address, String detail) {
    JsonObject err = new JsonObject().put(TYPE, ERR);
    if (address != null) {
      err.put(ADDRESS, address);
    }
    err.put(MESSAGE, message);
    if (detail != null) {
      err.put("detail", detail);
    }
    return err;
  }

  /** The stock bridge's failed-request frame, sent to the client's reply address. */
  public static JsonObject failure(String sourceAddress, String replyAddress, Throwable cause) {
    JsonObject err = new JsonObject().put(TYPE, ERR).put(ADDRESS, replyAddress).put("sourceAddress", sourceAddress);
    if (cause instanceof ReplyException re) {
      err.put("failureCode", re.failureCode()).put("failureType", re.failureType().name());
    } else {
      err.put("failureCode", -1).put("failureType", "ERROR");
    }
    return err.put(MESSAGE, cause.getMessage() == null ? cause.toString() : cause.getMessage());
  }

  /** A bus message delivered to the client. */
  public static JsonObject message(String address, String replyAddress, MultiMap headers, boolean send, Object body) {
    JsonObject frame = new JsonObject().put(TYPE, MESSAGE).put(ADDRESS, address);
    if (replyAddress != null) {
      frame.put(REPLY_ADDRESS, replyAddress);
    }
    JsonObject h = new JsonObject();
    for (Map.Entry<String, String> e : headers) {
      h.put(e.getKey(), e.getValue());
    }
    frame.put(HEADERS, h);
    Object json = jsonValue(body);
    if (json != null) {
      frame.put(BODY, json);
    }
    return frame.put(SEND, send);
  }

  /** Bus bodies that are not JSON travel as the payload convention: text or base64 data. */
  static Object jsonValue(Object body) {
    if (body == null || body instanceof JsonObject || body instanceof JsonArray || body instanceof String
        || body instanceof Number || body instanceof Boolean) {
      return body;
    }
    if (body instanceof Buffer b) {
      return Payload.put(new JsonObject(), b);
    }
    if (body instanceof byte[] bytes) {
      return Payload.put(new JsonObject(), Buffer.buffer(bytes));
    }
    return String.valueOf(body);
  }
}
