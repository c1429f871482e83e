package io.netbus.launcher.cli;

import io.netbus.contract.ConfigException;
import io.netbus.security.TlsOptionsFactory;
import io.netbus.security.TlsSection;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --tls --ca --cert --key}: the TLS part of {@link ClientTlsOptions}, the one mixin of every
 * client command (the bridge's or a listener's server certificate is always verified, against
 * {@code --ca} or else the JVM's trusted authorities, and its name against the host dialed;
 * {@code --cert}/{@code --key} present a client certificate). {@code forward} uses it alone, as it
 * has no token to send.
 */
final class EndpointTlsOptions {

  @Option(names = "--tls", description = "Speak TLS to the server (the bridge or listener; implied by --ca, --cert and --key).")
  boolean tls;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM CA certificate the server's certificate must chain to (default: the JVM's trusted CAs).")
  String ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate to present (with --key).")
  String cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert.")
  String key;

  /** True when the connection is to speak TLS. */
  boolean enabled() {
    return tls || ca != null || cert != null || key != null;
  }

  /** The files, read and checked; null when only {@code --tls} (JVM trust) or no TLS. */
  private TlsSection section(CommandSpec spec) {
    if (ca == null && cert == null && key == null) {
      return null;
    }
    try {
      if (ca == null) {
        throw new ConfigException("--ca", "is required with --cert/--key (the CA that signed the server's certificate)");
      }
      return TlsSection.client(ca, cert, key, Path.of(""));
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Vert.x client TLS options (for the file client); null for plaintext. */
  ClientSSLOptions sslOptions(CommandSpec spec) {
    return enabled() ? netOptions(spec).getSslOptions().copy() : null;
  }

  /** Vert.x client options (for the bridge client): plain TCP, or TLS that verifies the server. */
  NetClientOptions netOptions(CommandSpec spec) {
    if (!enabled()) {
      return new NetClientOptions();
    }
    TlsSection section = section(spec);
    return section != null
        ? TlsOptionsFactory.configureClient(new NetClientOptions(), section)
        : new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
            .setEnabledSecureTransportProtocols(TlsOptionsFactory.PROTOCOLS);
  }

  /**
   * Wraps a connected plain socket in TLS and runs the handshake (the blocking {@code tcp}
   * client); {@code host} is the name the certificate must carry.
   */
  SSLSocket wrap(CommandSpec spec, Socket plain, String host, int port) throws IOException, GeneralSecurityException {
    TlsSection section = section(spec);
    SSLContext context;
    if (section == null) {
      context = SSLContext.getDefault();
    } else {
      context = SSLContext.getInstance("TLS");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (X509Certificate authority : section.authorities()) {
        trust.setCertificateEntry("ca" + i++, authority);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (section.hasIdentity()) {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        char[] pass = new char[0];
        identity.setKeyEntry("me", section.privateKey(), pass, section.chain().toArray(new X509Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, pass);
      }
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
    SSLParameters params = socket.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    params.setProtocols(TlsOptionsFactory.PROTOCOLS.toArray(new String[0]));
    socket.setSSLParameters(params);
    socket.startHandshake();
    return socket;
  }

  /**
   * One line on a failed connection: a certificate that does not verify says so and against
   * what; null when {@code e} is not a TLS failure.
   */
  String tlsFailure(String where, Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c instanceof CertificateException) {
        Throwable root = c;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        boolean certificate = io.netbus.file.client.FileClient.certificateProblem(e);
        return "TLS to " + where + " failed: " + (certificate ? "its certificate does not verify"
            + (ca == null ? " against the JVM's trusted CAs (give --ca)" : " against --ca " + ca) + ": " : "")
            + String.valueOf(root.getMessage()).replace('\n', ' ');
      }
    }
    return null;
  }
}
