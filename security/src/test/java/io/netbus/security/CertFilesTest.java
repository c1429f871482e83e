package io.netbus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertFilesTest {

  @TempDir
  Path dir;

  @Test
  void writesCaNodeAndClientWithPrivateKeysAndRefusesToOverwrite() throws Exception {
    Path certs = dir.resolve("certs");
    CertFiles.Written ca = CertFiles.writeCa(certs, TestCerts.VALID);
    CertFiles.Written node = CertFiles.writeNode(certs, "node1", List.of("node1.lan", "192.168.1.10", "::1"), TestCerts.VALID);
    CertFiles.Written client = CertFiles.writeClient(certs, "alice", TestCerts.VALID);
    for (CertFiles.Written w : List.of(ca, node, client)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.key()))).isEqualTo("rw-------");
      assertThat(Files.readString(w.key())).startsWith("-----BEGIN PRIVATE KEY-----");
      assertThat(Files.readString(w.certificate())).startsWith("-----BEGIN CERTIFICATE-----");
    }
    X509Certificate n = node.issued();
    assertThat(n.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
        .containsExactly("node1.lan", "192.168.1.10", "0:0:0:0:0:0:0:1");
    assertThat(n.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(client.issued().getSubjectX500Principal().getName()).isEqualTo("CN=alice");
    assertThat(client.issued().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(ca.issued().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.issued().getKeyUsage()[5]).as("keyCertSign").isTrue();

    String before = Files.readString(ca.key());
    assertThatThrownBy(() -> CertFiles.writeCa(certs, TestCerts.VALID)).isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> CertFiles.writeClient(certs, "node1", TestCerts.VALID))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("node1.crt");
    assertThat(Files.readString(ca.key())).isEqualTo(before);
  }

  @Test
  void nodeNeedsTheCaAndAGoodName() throws Exception {
    assertThatThrownBy(() -> CertFiles.writeNode(dir, "n", List.of("h"), TestCerts.VALID))
        .isInstanceOf(IOException.class).hasMessageContaining("make the CA first");
    CertFiles.writeCa(dir, TestCerts.VALID);
    assertThatThrownBy(() -> CertFiles.writeNode(dir, "../evil", List.of("h"), TestCerts.VALID))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a usable name");
    assertThatThrownBy(() -> CertFiles.writeClient(dir, "ca", TestCerts.VALID))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ca' is the CA's own file name");
  }

  @Test
  void opensslVerifiesThemForTheirPurposes() throws Exception {
    OpenSsl.assumeInstalled();
    CertFiles.writeCa(dir, TestCerts.VALID);
    CertFiles.writeNode(dir, "node1", List.of("node1.lan", "10.0.0.7"), TestCerts.VALID);
    CertFiles.writeClient(dir, "alice", TestCerts.VALID);
    assertThat(OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "node1.crt").output())
        .contains("node1.crt: OK");
    assertThat(OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "node1.crt").output())
        .contains("node1.crt: OK");
    assertThat(OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "alice.crt").output())
        .contains("alice.crt: OK");
    OpenSsl.Result asServer = OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "alice.crt");
    assertThat(asServer.exit()).as("a client certificate is no server certificate").isNotZero();
    assertThat(OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-verify_hostname", "node1.lan", "node1.crt").exit())
        .isZero();
    assertThat(OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-verify_ip", "10.0.0.7", "node1.crt").exit())
        .isZero();
    assertThat(OpenSsl.run(dir, null, "verify", "-CAfile", "ca.crt", "-verify_hostname", "other.lan", "node1.crt").exit())
        .isNotZero();
    OpenSsl.Result key = OpenSsl.run(dir, null, "pkey", "-in", "node1.key", "-noout", "-text");
    assertThat(key.exit()).isZero();
    assertThat(key.output()).contains("prime256v1");
  }
}
