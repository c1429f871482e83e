package io.netbus.console;

import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.netbus.security.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test certificates written by {@link CertFiles}, the code behind {@code netbus certs}: a CA, the
 * node (localhost, 127.0.0.1), clients alice and bob (CN = name); and the tokens of an
 * {@code auth} section: alice by token and by certificate, carol by token with her own bus rules.
 * bob's certificate is CA-signed but names no client.
 */
final class ConsoleCerts {

  static final Certs.Validity VALID = Certs.Validity.from(Duration.ofDays(1));
  static final String ALICE_TOKEN = Tokens.generate();
  static final String CAROL_TOKEN = Tokens.generate();

  final Path dir;

  private ConsoleCerts(Path dir) {
    this.dir = dir;
  }

  static ConsoleCerts make(Path dir) throws Exception {
    CertFiles.writeCa(dir, VALID);
    CertFiles.writeNode(dir, "node", List.of("localhost", "127.0.0.1"), VALID);
    CertFiles.writeClient(dir, "alice", VALID);
    CertFiles.writeClient(dir, "bob", VALID);
    return new ConsoleCerts(dir);
  }

  /** alice (token and CN), carol (token; may tail only netbus.udp.*). */
  static JsonArray clients() {
    return new JsonArray()
        .add(new JsonObject().put("name", "alice").put("tokenSha256", Tokens.sha256Hex(ALICE_TOKEN)).put("cn", "alice"))
        .add(new JsonObject().put("name", "carol").put("tokenSha256", Tokens.sha256Hex(CAROL_TOKEN))
            .put("bus", new JsonObject().put("outbound", new JsonArray().add("netbus\\.udp\\..+"))));
  }

  /** The node's security: its identity when {@code tls}, the clients when {@code auth}. */
  NodeSecurity node(boolean tls, boolean auth) {
    JsonObject config = new JsonObject();
    if (tls) {
      config.put("tls", new JsonObject().put("cert", file("node.crt")).put("key", file("node.key"))
          .put("ca", file("ca.crt")));
    }
    if (auth) {
      config.put("auth", new JsonObject().put("clients", clients()));
    }
    return NodeSecurity.from(config);
  }

  String file(String name) {
    return dir.resolve(name).toString();
  }
}
