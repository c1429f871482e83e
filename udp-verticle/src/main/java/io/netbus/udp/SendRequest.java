package io.netbus.udp;

import io.netbus.contract.Payload;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A parsed {@code netbus.udp.send} body: {@code {host, port, text|data, awaitReply?, timeoutMs?,
 * retries?}}. {@link #parse} throws {@link IllegalArgumentException} naming the bad field.
 */
record SendRequest(String host, int port, Buffer payload, boolean awaitReply, int timeoutMs, int retries) {

  static final int DEFAULT_TIMEOUT_MS = 2000;
  static final int MAX_TIMEOUT_MS = 60_000;
  static final int MAX_RETRIES = 10;

  static SendRequest parse(Object raw) {
    if (!(raw instanceof JsonObject body)) {
      throw new IllegalArgumentException("expected a JSON object {host, port, text|data, awaitReply?, timeoutMs?,"
          + " retries?}");
    }
    Object host = body.getValue(UdpAddresses.HOST);
    if (!(host instanceof String h) || h.isBlank()) {
      throw new IllegalArgumentException("'host' must be a non-empty string");
    }
    int port = integer(body, UdpAddresses.PORT, null, 1, 65535);
    Buffer payload = Payload.bytes(body);
    if (payload.length() > UdpListenerConfig.MAX_UDP_PAYLOAD) {
      throw new IllegalArgumentException("payload is " + payload.length() + " bytes; a UDP datagram holds at most "
          + UdpListenerConfig.MAX_UDP_PAYLOAD);
    }
    Object await = body.getValue(UdpAddresses.AWAIT_REPLY);
    if (await != null && !(await instanceof Boolean)) {
      throw new IllegalArgumentException("'awaitReply' must be true or false");
    }
    int timeout = integer(body, UdpAddresses.TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
    int retries = integer(body, UdpAddresses.RETRIES, 0, 0, MAX_RETRIES);
    return new SendRequest(h.trim(), port, payload, Boolean.TRUE.equals(await), timeout, retries);
  }

  /** The same request sent to {@code address} (a name resolved once for {@code udp.targets}). */
  SendRequest withHost(String address) {
    return new SendRequest(address, port, payload, awaitReply, timeoutMs, retries);
  }

  /** Where the datagram goes, {@code host:port} ({@code [v6]:port}). */
  String target() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** True for an IPv6 literal host: the sending socket must be an IPv6 one. */
  boolean ipV6() {
    return host.indexOf(':') >= 0;
  }

  private static int integer(JsonObject body, String field, Integer fallback, int min, int max) {
    Object v = body.getValue(field);
    if (v == null) {
      if (fallback == null) {
        throw new IllegalArgumentException("'" + field + "' is required");
      }
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min
        || ((Number) v).longValue() > max) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number from " + min + " to " + max
          + ", not " + (v instanceof String ? "'" + v + "'" : v));
    }
    return ((Number) v).intValue();
  }
}
