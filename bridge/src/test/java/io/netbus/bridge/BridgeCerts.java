package io.netbus.bridge;

import io.netbus.security.Certs;
import io.netbus.security.NodeSecurity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

/** Test certificates made with {@link Certs} in a temporary directory: a CA, the node, clients, a foreign CA. */
final class BridgeCerts {

  static final Certs.Validity VALID = Certs.Validity.from(Duration.ofDays(1));

  final Path dir;

  private BridgeCerts(Path dir) {
    this.dir = dir;
  }

  /** ca, node (localhost, 127.0.0.1), client alice (CN alice); foreign-ca and its client mallory. */
  static BridgeCerts make(Path dir) throws IOException, GeneralSecurityException {
    Certs.Issued ca = Certs.ca(Certs.newCaName(), VALID);
    write(dir, "ca", ca);
    write(dir, "node", Certs.node(ca, "node", List.of("localhost", "127.0.0.1"), VALID));
    write(dir, "alice", Certs.client(ca, "alice", VALID));
    Certs.Issued foreign = Certs.ca(Certs.newCaName(), VALID);
    write(dir, "foreign-ca", foreign);
    write(dir, "mallory", Certs.client(foreign, "alice", VALID)); // same CN, wrong CA
    return new BridgeCerts(dir);
  }

  static void write(Path dir, String name, Certs.Issued issued) throws IOException {
    Files.writeString(dir.resolve(name + ".crt"), issued.certificatePem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
  }

  /** The node's security with its identity and the given {@code auth} clients (null: no auth section). */
  NodeSecurity node(String name, JsonArray clients) {
    JsonObject config = new JsonObject().put("tls", new JsonObject()
        .put("cert", dir.resolve(name + ".crt").toString())
        .put("key", dir.resolve(name + ".key").toString())
        .put("ca", dir.resolve("ca.crt").toString()));
    if (clients != null) {
      config.put("auth", new JsonObject().put("clients", clients));
    }
    return NodeSecurity.from(config);
  }

  /** TLS client options that trust {@code ca} and present {@code client} (null: no certificate). */
  NetClientOptions client(String ca, String client) {
    NetClientOptions o = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve(ca + ".crt").toString()));
    if (client != null) {
      o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(dir.resolve(client + ".crt").toString())
          .setKeyPath(dir.resolve(client + ".key").toString()));
    }
    return o;
  }
}
