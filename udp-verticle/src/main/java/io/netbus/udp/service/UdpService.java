package io.netbus.udp.service;

import io.netbus.udp.UdpListenerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** What a listener does with each datagram: the bytes to send back to its sender, if any. */
@FunctionalInterface
public interface UdpService {

  /** The reply, or a future of null when nothing is to be sent back. Never fails for a bad datagram. */
  Future<Buffer> answer(Datagram datagram);

  /** The service a listener's config names. */
  static UdpService of(Vertx vertx, UdpListenerConfig config) {
    String address = config.busAddress();
    if (address != null) {
      return new BusService(vertx.eventBus(), address, config.timeoutMs());
    }
    return switch ((String) config.service()) {
      case "echo" -> EchoService.INSTANCE;
      case "greet" -> GreetService.INSTANCE;
      default -> throw new IllegalArgumentException("unknown udp service " + config.service());
    };
  }
}
