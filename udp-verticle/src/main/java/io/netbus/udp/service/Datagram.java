package io.netbus.udp.service;

import io.netbus.contract.Payload;
import io.netbus.udp.UdpAddresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

/**
 * One accepted datagram of a listener. Its bus form {@code {listener, sender, text|data}} is built
 * at most once, on first use, and shared by the {@code .in} publication and the bus service
 * (the local bus copies JSON bodies per delivery).
 */
public final class Datagram {

  private final String listener;
  private final SocketAddress sender;
  private final Buffer payload;
  private JsonObject body;

  public Datagram(String listener, SocketAddress sender, Buffer payload) {
    this.listener = listener;
    this.sender = sender;
    this.payload = payload;
  }

  public String listener() {
    return listener;
  }

  public SocketAddress sender() {
    return sender;
  }

  public Buffer payload() {
    return payload;
  }

  /** {@code {listener, sender: "ip:port", text|data}}. */
  public JsonObject body() {
    if (body == null) {
      body = Payload.put(new JsonObject().put(UdpAddresses.LISTENER, listener)
          .put(UdpAddresses.SENDER, format(sender)), payload);
    }
    return body;
  }

  /** {@code ip:port}, with an IPv6 address in brackets ({@code [::1]:5000}) so the port stays unambiguous. */
  public static String format(SocketAddress address) {
    String host = address.host();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.port();
  }
}
