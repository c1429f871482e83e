package io.netbus.security;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text to JDK key and certificate objects and back. Reading goes through BouncyCastle's
 * {@link PEMParser} because openssl writes keys in three layouts (PKCS#8 {@code PRIVATE KEY},
 * PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, the last often after an
 * {@code EC PARAMETERS} block); every key comes out as a JDK {@link PrivateKey}, and
 * {@link #encode(PrivateKey)} writes it back as PKCS#8, the one layout every TLS stack reads.
 * The JDK's own providers do the cryptography: BouncyCastle is not registered as a provider.
 */
public final class Pem {

  private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
      PKCSObjectIdentifiers.rsaEncryption, "RSA",
      PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
      X9ObjectIdentifiers.id_ecPublicKey, "EC",
      EdECObjectIdentifiers.id_Ed25519, "Ed25519",
      EdECObjectIdentifiers.id_Ed448, "Ed448");

  private Pem() {
  }

  /** Every {@code CERTIFICATE} block of {@code pem}, in file order; other blocks and text are skipped. */
  public static List<X509Certificate> certificates(String pem) throws IOException, GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> certs = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          certs.add((X509Certificate) factory.generateCertificate(
              new java.io.ByteArrayInputStream(holder.getEncoded())));
        }
      }
    }
    return certs;
  }

  /**
   * The first private key in {@code pem}.
   *
   * @throws IOException when there is none, it is encrypted, or its algorithm is unknown; the
   *     message says which, in words a user can act on
   */
  public static PrivateKey privateKey(String pem) throws IOException, GeneralSecurityException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return toJdk(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return toJdk(pair.getPrivateKeyInfo());
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
          throw new IOException("the key is encrypted; netbus needs it unencrypted"
              + " (openssl pkey -in KEY -out KEY.plain), readable by the node's user only");
        }
      }
    }
    throw new IOException("no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey toJdk(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new IOException("unsupported key algorithm " + oid + " (use RSA or EC keys)");
    }
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
  }

  /** {@code -----BEGIN CERTIFICATE-----} text of {@code cert}. */
  public static String encode(X509Certificate cert) throws GeneralSecurityException {
    return block("CERTIFICATE", cert.getEncoded());
  }

  /** The certificates one after the other, as in a chain or CA bundle file. */
  public static String encode(List<X509Certificate> certs) throws GeneralSecurityException {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certs) {
      sb.append(encode(c));
    }
    return sb.toString();
  }

  /** {@code -----BEGIN PRIVATE KEY-----} (unencrypted PKCS#8) text of {@code key}. */
  public static String encode(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
