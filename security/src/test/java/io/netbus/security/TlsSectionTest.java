package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netbus.contract.ConfigException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSectionTest {

  @TempDir
  Path dir;

  Certs.Issued ca;

  @BeforeEach
  void certs() throws Exception {
    ca = TestCerts.ca();
    TestCerts.write(dir, "ca", ca);
    TestCerts.write(dir, "node", TestCerts.node(ca));
  }

  private static JsonObject section(String cert, String key, String ca) {
    return new JsonObject().put("cert", cert).put("key", key).put("ca", ca);
  }

  @Test
  void loadsAMatchingSignedPair() {
    TlsSection tls = TlsSection.from(section("node.crt", "node.key", "ca.crt"), dir);
    assertThat(tls.hasIdentity()).isTrue();
    assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=node1");
    assertThat(tls.authorities()).hasSize(1);
    assertThat(tls.keyCertOptions().getKeyValues().get(0).toString()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(tls.trustOptions().getCertValues()).hasSize(1);
    assertThat(tls.toString()).doesNotContain("BEGIN");
  }

  @Test
  void missingFileNamesTheKey() {
    assertThatThrownBy(() -> TlsSection.from(section("node.crt", "nope.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.key: nope.key does not exist");
  }

  @Test
  void missingKeyIsRequired() {
    assertThatThrownBy(() -> TlsSection.from(new JsonObject().put("cert", "node.crt").put("ca", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tls.key: is required");
  }

  @Test
  void unknownKeyIsRefused() {
    assertThatThrownBy(() -> TlsSection.from(section("node.crt", "node.key", "ca.crt").put("crt", "x"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.crt: unknown key");
  }

  @Test
  void notPemIsRefused() throws Exception {
    Files.writeString(dir.resolve("junk.crt"), "hello\n");
    assertThatThrownBy(() -> TlsSection.from(section("junk.crt", "node.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.cert: junk.crt holds no PEM certificate");
    assertThatThrownBy(() -> TlsSection.from(section("node.crt", "node.crt", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.key: node.crt is not a usable PEM private key");
  }

  @Test
  void keyOfAnotherCertificateIsRefused() throws Exception {
    TestCerts.write(dir, "other", TestCerts.node(ca));
    assertThatThrownBy(() -> TlsSection.from(section("node.crt", "other.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.key: other.key does not match tls.cert node.crt");
  }

  @Test
  void expiredCertificateIsRefused() throws Exception {
    Instant now = Instant.now();
    TestCerts.write(dir, "old", Certs.node(ca, "old", List.of("localhost"),
        new Certs.Validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)))));
    assertThatThrownBy(() -> TlsSection.from(section("old.crt", "old.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.cert: old.crt expired on ");
  }

  @Test
  void notYetValidCertificateIsRefused() throws Exception {
    Instant now = Instant.now();
    TestCerts.write(dir, "early", Certs.node(ca, "early", List.of("localhost"),
        new Certs.Validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)))));
    assertThatThrownBy(() -> TlsSection.from(section("early.crt", "early.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.cert: early.crt is not valid before ");
  }

  @Test
  void certificateOfAnotherCaIsRefused() throws Exception {
    TestCerts.write(dir, "foreign", TestCerts.node(TestCerts.ca()));
    assertThatThrownBy(() -> TlsSection.from(section("foreign.crt", "foreign.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.cert: tls.cert foreign.crt is not signed by tls.ca ca.crt");
  }

  @Test
  void clientWithoutIdentityTrustsTheCaOnly() {
    TlsSection tls = TlsSection.client("ca.crt", null, null, dir);
    assertThat(tls.hasIdentity()).isFalse();
    assertThatThrownBy(() -> TlsSection.client("ca.crt", "node.crt", null, dir))
        .isInstanceOf(ConfigException.class).hasMessage("--key: is required with --cert");
    assertThatThrownBy(() -> TlsSection.client("missing.crt", null, null, dir))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--ca: missing.crt does not exist");
  }

  /** Certificates made by the openssl CLI, with its own key layouts (SEC1 EC, PKCS#8 RSA). */
  @Test
  void loadsCertificatesMadeByOpenssl() throws Exception {
    OpenSsl.assumeInstalled();
    Path o = Files.createDirectory(dir.resolve("openssl"));
    ok(o, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ca.key");
    ok(o, "req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=openssl CA", "-days", "2", "-out", "ca.crt",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    ok(o, "genrsa", "-out", "node.key", "2048");
    ok(o, "req", "-new", "-key", "node.key", "-subj", "/CN=node2", "-out", "node.csr");
    Files.writeString(o.resolve("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
        + "extendedKeyUsage=serverAuth,clientAuth\n");
    ok(o, "x509", "-req", "-in", "node.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
        "-extfile", "ext.cnf", "-out", "node.crt");
    assertThat(Files.readString(o.resolve("ca.key"))).contains("BEGIN EC PRIVATE KEY");

    TlsSection node = TlsSection.from(section("node.crt", "node.key", "ca.crt"), o);
    assertThat(node.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=node2");
    assertThat(node.privateKey().getAlgorithm()).isEqualTo("RSA");
    // and a SEC1 EC key, the layout of 'openssl ecparam -genkey', signed by itself as a CA
    TlsSection self = TlsSection.from(section("ca.crt", "ca.key", "ca.crt"), o);
    assertThat(self.privateKey().getAlgorithm()).isEqualTo("EC");
    // the openssl node does not chain to a netbus CA
    assertThatThrownBy(() -> TlsSection.from(section("openssl/node.crt", "openssl/node.key", "ca.crt"), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is not signed by tls.ca ca.crt");
  }

  private static void ok(Path dir, String... args) throws Exception {
    OpenSsl.Result r = OpenSsl.run(dir, null, args);
    assertThat(r.exit()).as("openssl %s: %s", String.join(" ", args), r.output()).isZero();
  }
}
