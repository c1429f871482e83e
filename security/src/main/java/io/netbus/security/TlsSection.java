package io.netbus.security;

import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The node's TLS identity, the top-level {@code tls} section {@code {cert, key, ca}}: PEM files,
 * relative paths resolved against the working directory. Everything is read and checked once,
 * at config validation (startup, never on an event loop): a missing or unreadable file, a key
 * that does not belong to the certificate, a certificate outside its validity period, or one the
 * CA did not sign is a {@link ConfigException} naming the key. The loaded material is kept in
 * memory, so TLS options are built later without touching the file system.
 *
 * @param cert the certificate path as configured (used in messages); {@code cert} may hold the
 *     chain after the leaf
 * @param key the key path as configured; RSA or EC, PKCS#8, PKCS#1 or SEC1, unencrypted
 * @param ca the CA bundle path as configured: peers' certificates must chain to it
 * @param chain the certificate chain, leaf first; empty for a client without an identity
 * @param privateKey the key of {@code chain.get(0)}; null when {@code chain} is empty
 * @param authorities the trusted CA certificates
 */
public record TlsSection(String cert, String key, String ca, List<X509Certificate> chain, PrivateKey privateKey,
    List<X509Certificate> authorities) {

  /** The top-level key. */
  public static final String SECTION = "tls";

  public TlsSection {
    chain = List.copyOf(chain);
    authorities = List.copyOf(authorities);
  }

  /** Reads the {@code tls} section with paths relative to the working directory. */
  public static TlsSection from(JsonObject section) {
    return from(section, Path.of(""));
  }

  /** Reads the {@code tls} section with paths relative to {@code baseDir}. */
  public static TlsSection from(JsonObject section, Path baseDir) {
    Locations where = SectionMapper.read(section, Locations.class, SECTION);
    return load(SECTION + ".", where.cert(), where.key(), where.ca(), baseDir);
  }

  /**
   * The material a command-line client was given ({@code --ca}, optionally {@code --cert} and
   * {@code --key}); errors name those options.
   */
  public static TlsSection client(String ca, String cert, String key, Path baseDir) {
    if ((cert == null) != (key == null)) {
      throw new ConfigException(cert == null ? "--cert" : "--key", "is required with " + (cert == null ? "--key" : "--cert"));
    }
    return load("--", cert, key, required("--ca", ca), baseDir);
  }

  /**
   * The identity a command-line server was given ({@code --cert} and {@code --key}, both
   * required) and, optionally, {@code --ca}; without {@code --ca} the section trusts no CA (a
   * client of it then verifies peers against the JVM's trusted CAs instead, see
   * {@link #hasAuthorities()}). Errors name the options.
   */
  public static TlsSection server(String cert, String key, String ca, Path baseDir) {
    required("--cert", cert);
    required("--key", key);
    return load("--", cert, key, ca, baseDir);
  }

  /**
   * Loads and checks the files; {@code prefix} + {@code cert|key|ca} are the key names errors use
   * ({@code tls.} for the config section, {@code --} for command-line options).
   */
  static TlsSection load(String prefix, String cert, String key, String ca, Path baseDir) {
    String caKey = prefix + "ca";
    String certKey = prefix + "cert";
    String keyKey = prefix + "key";
    // only a command-line server goes without a CA (see #server); the config section requires one
    List<X509Certificate> authorities = ca == null ? List.of() : readCertificates(caKey, ca, baseDir);
    for (X509Certificate authority : authorities) {
      checkValidity(caKey, ca, authority);
    }
    if (cert == null) {
      return new TlsSection(null, null, ca, List.of(), null, authorities);
    }
    List<X509Certificate> chain = readCertificates(certKey, cert, baseDir);
    PrivateKey privateKey = readKey(keyKey, key, baseDir);
    X509Certificate leaf = chain.get(0);
    checkValidity(certKey, cert, leaf);
    if (!matches(privateKey, leaf)) {
      throw new ConfigException(keyKey, key + " does not match " + certKey + " " + cert
          + " (it is the key of another certificate)");
    }
    if (!authorities.isEmpty()) {
      checkSignedBy(certKey + " " + cert, caKey + " " + ca, chain, authorities, certKey);
    }
    return new TlsSection(cert, key, ca, chain, privateKey, authorities);
  }

  /** True when peers can be verified against CA certificates of this section's own. */
  public boolean hasAuthorities() {
    return !authorities.isEmpty();
  }

  /** True when this holds a certificate and key to present to peers. */
  public boolean hasIdentity() {
    return privateKey != null;
  }

  /** The leaf certificate this node presents. */
  public X509Certificate certificate() {
    requireIdentity();
    return chain.get(0);
  }

  /** The certificate chain and key, as in-memory PEM values (no file is read again). */
  public PemKeyCertOptions keyCertOptions() {
    requireIdentity();
    try {
      return new PemKeyCertOptions()
          .addCertValue(Buffer.buffer(Pem.encode(chain), StandardCharsets.US_ASCII.name()))
          .addKeyValue(Buffer.buffer(Pem.encode(privateKey), StandardCharsets.US_ASCII.name()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a certificate that was just parsed", e);
    }
  }

  /** The CA certificates peers must chain to, as in-memory PEM values. */
  public PemTrustOptions trustOptions() {
    PemTrustOptions trust = new PemTrustOptions();
    try {
      for (X509Certificate authority : authorities) {
        trust.addCertValue(Buffer.buffer(Pem.encode(authority), StandardCharsets.US_ASCII.name()));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a certificate that was just parsed", e);
    }
    return trust;
  }

  /** Keeps key material out of logs and error messages. */
  @Override
  public String toString() {
    return "TlsSection[cert=" + cert + ", key=" + key + ", ca=" + ca + "]";
  }

  private void requireIdentity() {
    if (!hasIdentity()) {
      throw new IllegalStateException("no certificate and key were given (" + ca + " only)");
    }
  }

  private static String required(String keyName, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(keyName, "is required");
    }
    return value;
  }

  private static String readText(String keyName, String file, Path baseDir) {
    Path path = baseDir.resolve(file);
    if (!Files.exists(path)) {
      throw new ConfigException(keyName, file + " does not exist (relative paths start at "
          + baseDir.toAbsolutePath().normalize() + ")");
    }
    try {
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ConfigException(keyName, file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> readCertificates(String keyName, String file, Path baseDir) {
    String text = readText(keyName, file, baseDir);
    try {
      List<X509Certificate> certs = Pem.certificates(text);
      if (certs.isEmpty()) {
        throw new ConfigException(keyName, file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      }
      return certs;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(keyName, file + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(String keyName, String file, Path baseDir) {
    String text = readText(keyName, required(keyName, file), baseDir);
    try {
      return Pem.privateKey(text);
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(keyName, file + " is not a usable PEM private key: " + e.getMessage(), e);
    }
  }

  private static void checkValidity(String keyName, String file, X509Certificate leaf) {
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new ConfigException(keyName, file + " expired on " + leaf.getNotAfter().toInstant()
          + " (make a new one with netbus certs)");
    } catch (CertificateNotYetValidException e) {
      throw new ConfigException(keyName, file + " is not valid before " + leaf.getNotBefore().toInstant()
          + " (is this machine's clock right?)");
    }
  }

  /**
   * A key belongs to a certificate when a signature it makes verifies with the certificate's
   * public key; that works the same for every algorithm.
   */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448 sign with their own name
    };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an RSA key against an EC certificate
    }
  }

  /**
   * Builds the path from the leaf (through any intermediates in the cert file) to one of the
   * CA certificates with the JDK's PKIX builder: signatures, validity of every link and the
   * intermediates' CA constraints. Revocation is not checked (a LAN CA publishes no CRL).
   */
  private static void checkSignedBy(String what, String caWhat, List<X509Certificate> chain,
      List<X509Certificate> authorities, String keyName) {
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      authorities.forEach(a -> anchors.add(new TrustAnchor(a, null)));
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(chain.get(0));
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      params.setRevocationEnabled(false);
      params.setDate(new Date());
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
      CertPathBuilder.getInstance("PKIX").build(params);
    } catch (CertPathBuilderException e) {
      throw new ConfigException(keyName, what + " is not signed by " + caWhat + " (its issuer is "
          + chain.get(0).getIssuerX500Principal().getName() + ")");
    } catch (GeneralSecurityException e) {
      throw new ConfigException(keyName, what + " cannot be checked against " + caWhat + ": " + e.getMessage(), e);
    }
  }

  /** The section as written: three paths. */
  record Locations(String cert, String key, String ca) {

    Locations {
      cert = required("cert", cert);
      key = required("key", key);
      ca = required("ca", ca);
    }
  }
}
