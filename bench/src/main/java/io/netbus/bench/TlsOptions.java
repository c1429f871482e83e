package io.netbus.bench;

import picocli.CommandLine.Option;

/**
 * {@code --tls --ca --cert --key} of the benches that reach TCP listeners (tcp, bus through a
 * bridge, file, handshake): the same flags and meaning as the netbus client commands.
 */
public final class TlsOptions {

  @Option(names = "--tls", description = "Speak TLS to the server (implied by --ca, --cert and --key); its certificate "
      + "and name are verified.")
  boolean tls;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM CA certificate the server's certificate must chain to (default: the JVM's trusted CAs).")
  String ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate to present (with --key).")
  String cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert.")
  String key;

  /** The TLS to speak, or null for plain TCP. */
  ClientTls tls() {
    return tls || ca != null || cert != null || key != null ? new ClientTls(ca, cert, key) : null;
  }

  /** How the Vert.x clients connect: TLS as asked, else plain TCP. */
  ClientTransport transport() {
    ClientTls t = tls();
    return t != null ? t : ClientTransport.PLAIN;
  }

  /** {@code --token}, else {@code NETBUS_TOKEN}, else none (null). */
  static String token(String option) {
    String t = option != null ? option : System.getenv(TOKEN_ENV);
    return t == null || t.isBlank() ? null : t.trim();
  }

  /** Where {@code --token} comes from when it is not given, as for the netbus client commands. */
  static final String TOKEN_ENV = "NETBUS_TOKEN";
}
