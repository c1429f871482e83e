package io.netbus.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;

/** Certificates written into a test's temporary directory. */
final class TestCerts {

  static final Certs.Validity VALID = Certs.Validity.from(Duration.ofDays(1));

  private TestCerts() {
  }

  static Certs.Issued ca() throws GeneralSecurityException {
    return Certs.ca(Certs.newCaName(), VALID);
  }

  static Certs.Issued node(Certs.Issued ca) throws GeneralSecurityException {
    return Certs.node(ca, "node1", List.of("localhost", "127.0.0.1"), VALID);
  }

  /** Writes {@code issued} as {@code dir/name.crt} and {@code dir/name.key}. */
  static void write(Path dir, String name, Certs.Issued issued) throws IOException {
    Files.writeString(dir.resolve(name + ".crt"), issued.certificatePem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
  }
}
