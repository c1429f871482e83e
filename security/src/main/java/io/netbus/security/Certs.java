package io.netbus.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the certificates {@code netbus certs} writes, with BouncyCastle's builders and the JDK's
 * providers: a self-signed CA (basicConstraints CA, keyCertSign), node certificates (a SAN per
 * host, IP or DNS; serverAuth and clientAuth, so one file serves both ends of node-to-node TLS)
 * and client certificates (CN = the client's name, clientAuth). Keys are EC P-256 with
 * ECDSA-SHA256 signatures: openssl, curl, ncat, socat, Python's {@code ssl} and Java all accept
 * them (as they do RSA-2048). P-256 because the cost that matters is a server's under a
 * handshake storm, and there the server signs once per handshake: on the JDK 17 provider a P-256
 * signature is about 1.6 times cheaper than an RSA-2048 one (283 against 177 per second and core,
 * measured on the project's loaded 2-core machine), and keys and certificates are a fifth of the
 * size. The price: verifying is dearer with P-256, so a mutual-TLS handshake (the server also
 * verifies the client's signature and certificate) costs the server more than with RSA.
 * Validity starts an hour back, for LAN clocks
 * that disagree a little.
 */
public final class Certs {

  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration LEAF_VALIDITY = Duration.ofDays(825);
  private static final Duration CLOCK_SKEW = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Certs() {
  }

  /** A certificate and its key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {

    public String certificatePem() {
      try {
        return Pem.encode(certificate);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot encode a certificate just made", e);
      }
    }

    public String keyPem() {
      return Pem.encode(key);
    }

    @Override
    public String toString() {
      return "Issued[" + certificate.getSubjectX500Principal().getName() + "]";
    }
  }

  /**
   * When a certificate is valid.
   *
   * @param notBefore first valid instant
   * @param notAfter last valid instant
   */
  public record Validity(Instant notBefore, Instant notAfter) {

    /** From an hour ago (clock skew) for {@code length}. */
    public static Validity from(Duration length) {
      Instant now = Instant.now();
      return new Validity(now.minus(CLOCK_SKEW), now.plus(length));
    }
  }

  /** A new CA named {@code commonName}. */
  public static Issued ca(String commonName, Validity validity) throws GeneralSecurityException {
    KeyPair pair = newKeyPair();
    X500Name subject = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      return new Issued(sign(builder, pair.getPrivate()), pair.getPrivate());
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot build the CA certificate", e);
    }
  }

  /** A node certificate for {@code hosts} (IP addresses or DNS names), usable as server and client. */
  public static Issued node(Issued ca, String name, List<String> hosts, Validity validity) throws GeneralSecurityException {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a node certificate needs at least one host");
    }
    List<GeneralName> sans = new ArrayList<>();
    for (String host : hosts) {
      sans.add(Cidr.literal(host) != null ? new GeneralName(GeneralName.iPAddress, stripBrackets(host))
          : new GeneralName(GeneralName.dNSName, host));
    }
    return leaf(ca, name, validity, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
        new GeneralNames(sans.toArray(GeneralName[]::new)));
  }

  /** A client certificate with CN = {@code name}, the name an {@code auth} client's {@code cn} matches. */
  public static Issued client(Issued ca, String name, Validity validity) throws GeneralSecurityException {
    return leaf(ca, name, validity, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, null);
  }

  private static Issued leaf(Issued ca, String name, Validity validity, KeyPurposeId[] purposes, GeneralNames sans)
      throws GeneralSecurityException {
    KeyPair pair = newKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
          Date.from(validity.notBefore()), Date.from(validity.notAfter()), name(name), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new Issued(sign(builder, ca.key()), pair.getPrivate());
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot build the certificate for " + name, e);
    }
  }

  /** A CA name unique to this CA, so two netbus CAs on one LAN never look alike. */
  public static String newCaName() {
    byte[] id = new byte[4];
    RANDOM.nextBytes(id);
    return "netbus CA " + HexFormat.of().formatHex(id);
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new BigInteger(1, bytes);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
    }
  }

  private static String stripBrackets(String host) {
    String h = host.trim();
    int zone = h.indexOf('%');
    h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    return zone >= 0 ? h.substring(0, h.indexOf('%')) : h;
  }
}
