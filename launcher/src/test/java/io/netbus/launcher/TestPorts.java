package io.netbus.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for tests that must name a port up front (a node's config, a Hazelcast member list, a
 * child JVM). Not {@code new ServerSocket(0)}: that hands out a port from the kernel's ephemeral
 * range, from which every outgoing connection of every test also takes its local port, so a port
 * probed, released and bound a moment later could already be a client's. These come from below
 * the ephemeral range and are checked to be free on loopback.
 */
public final class TestPorts {

  private static final int LOWEST = 20000;
  private static final int ATTEMPTS = 200;

  private TestPorts() {
  }

  public static int freePort() throws IOException {
    int below = ephemeralLowerBound();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = random.nextInt(LOWEST, below);
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // someone has it: try another
      }
    }
    throw new IOException("no free port in " + LOWEST + "-" + below + " after " + ATTEMPTS + " attempts");
  }

  /** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
  private static int ephemeralLowerBound() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > LOWEST + 1000 ? low : 32768;
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }
}
