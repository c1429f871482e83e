package io.netbus.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files {@code netbus certs} reads and writes in its directory: {@code ca.crt}/{@code ca.key},
 * {@code NAME.crt}/{@code NAME.key}. Keys are created with mode 0600 from the start (never
 * readable by others, not even for a moment); nothing existing is ever overwritten, and a name
 * whose files exist is refused before anything is written.
 */
public final class CertFiles {

  public static final String CA = "ca";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private CertFiles() {
  }

  /** The certificate and key paths {@code dir/NAME.crt}, {@code dir/NAME.key}. */
  public record Written(Path certificate, Path key, X509Certificate issued) {
  }

  /** Makes {@code dir/ca.crt} and {@code dir/ca.key}. */
  public static Written writeCa(Path dir, Certs.Validity validity) throws IOException, GeneralSecurityException {
    refuseExisting(dir, CA);
    return write(dir, CA, Certs.ca(Certs.newCaName(), validity));
  }

  /** Makes {@code dir/NAME.crt} and {@code dir/NAME.key}, signed by {@code dir/ca.*}. */
  public static Written writeNode(Path dir, String name, List<String> hosts, Certs.Validity validity)
      throws IOException, GeneralSecurityException {
    checkName(name);
    refuseExisting(dir, name);
    return write(dir, name, Certs.node(readCa(dir), name, hosts, validity));
  }

  /** Makes a client certificate {@code dir/NAME.crt} (CN = NAME) and its key. */
  public static Written writeClient(Path dir, String name, Certs.Validity validity)
      throws IOException, GeneralSecurityException {
    checkName(name);
    refuseExisting(dir, name);
    return write(dir, name, Certs.client(readCa(dir), name, validity));
  }

  /** Reads {@code dir/ca.crt} and {@code dir/ca.key}. */
  public static Certs.Issued readCa(Path dir) throws IOException, GeneralSecurityException {
    Path crt = dir.resolve(CA + ".crt");
    Path key = dir.resolve(CA + ".key");
    for (Path p : List.of(crt, key)) {
      if (!Files.exists(p)) {
        throw new IOException(p + " does not exist (make the CA first: netbus certs ca --dir " + dir + ")");
      }
    }
    List<X509Certificate> certs = Pem.certificates(Files.readString(crt, StandardCharsets.US_ASCII));
    if (certs.isEmpty()) {
      throw new IOException(crt + " holds no PEM certificate");
    }
    PrivateKey caKey = Pem.privateKey(Files.readString(key, StandardCharsets.US_ASCII));
    return new Certs.Issued(certs.get(0), caKey);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a usable name (letters, digits, '.', '-', '_')");
    }
    if (CA.equals(name)) {
      throw new IllegalArgumentException("'ca' is the CA's own file name; pick another name");
    }
  }

  private static void refuseExisting(Path dir, String name) throws IOException {
    for (String ext : List.of(".crt", ".key")) {
      Path p = dir.resolve(name + ext);
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString(), null, "exists; netbus certs never overwrites (move it away first)");
      }
    }
  }

  private static Written write(Path dir, String name, Certs.Issued issued) throws IOException {
    Files.createDirectories(dir);
    Path key = dir.resolve(name + ".key");
    Path crt = dir.resolve(name + ".crt");
    createWith(key, issued.keyPem(), "rw-------");
    try {
      createWith(crt, issued.certificatePem(), "rw-r--r--");
    } catch (IOException | UncheckedIOException e) {
      Files.deleteIfExists(key); // half a pair is worse than none
      throw e;
    }
    return new Written(crt, key, issued.certificate());
  }

  private static void createWith(Path path, String text, String mode) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
        : new FileAttribute<?>[0];
    Files.createFile(path, attrs); // fails if it exists: no overwrite even in a race
    Files.writeString(path, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
