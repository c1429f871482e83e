package io.netbus.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's UDP client, exactly: sendto b'Michael', b'Tracy', b'Sarah' and recv each reply, once
 * as blocking java.net code and once as the seed's own Python 3 (skipped without python3).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SeedClientTest {

  static final String SEED_CLIENT = String.join("\n",
      "import socket, sys",
      "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
      "s.settimeout(5)",
      "for data in [b'Michael', b'Tracy', b'Sarah']:",
      "    s.sendto(data, ('127.0.0.1', int(sys.argv[1])))",
      "    print(s.recv(1024).decode('utf-8'))",
      "s.close()",
      "");

  private int port;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    UdpVerticle udp = new UdpVerticle();
    JsonObject config = new JsonObject().put("listeners", new JsonArray()
        .add(new JsonObject().put("name", "greet").put("port", 0).put("service", "greet")));
    vertx.deployVerticle(udp, new DeploymentOptions().setConfig(config))
        .onSuccess(id -> port = udp.ports().get("greet"))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void javaPortOfTheSeedClient() throws IOException {
    List<String> replies = new ArrayList<>();
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(5000);
      for (String data : List.of("Michael", "Tracy", "Sarah")) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
        s.receive(reply);
        replies.add(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      }
    }
    assertThat(replies).containsExactly("Hello, Michael!", "Hello, Tracy!", "Hello, Sarah!");
  }

  @Test
  void seedPythonClient(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("python3"), "python3 is not installed");
    Path client = Files.writeString(dir.resolve("client.py"), SEED_CLIENT);
    Process p = new ProcessBuilder("python3", client.toString(), String.valueOf(port))
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("python client finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines()).containsExactly("Hello, Michael!", "Hello, Tracy!", "Hello, Sarah!");
  }

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
