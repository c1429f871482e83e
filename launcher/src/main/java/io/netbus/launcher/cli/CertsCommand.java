package io.netbus.launcher.cli;

import io.netbus.security.CertFiles;
import io.netbus.security.Certs;
import io.netbus.security.Cidr;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netbus certs ca|node|client}: a private CA and the node and client certificates it
 * signs, as PEM files that openssl, curl, ncat, socat and Python's {@code ssl} use as they are
 * (in the spirit of {@code cockroach cert create-*} and {@code consul tls ca create}). Keys are
 * written with mode 0600 and nothing is ever overwritten.
 */
@Command(name = "certs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Make a private CA and the node and client certificates it signs (PEM, EC P-256).",
        "Keys are written mode 0600; existing files are never overwritten."},
    subcommands = {CertsCommand.Ca.class, CertsCommand.Node.class, CertsCommand.Client.class},
    footer = {"%nExample:", "  netbus certs ca", "  netbus certs node node1 --host node1.lan,192.168.1.10",
        "  netbus certs client alice", "See docs/security.md."})
public final class CertsCommand implements Callable<Integer> {

  private static final Pattern DNS_NAME = Pattern.compile(
      "(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?");

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** Options every certs subcommand shares. */
  static class DirOptions {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "certs",
        description = "Directory of the CA and the certificates (default: ${DEFAULT-VALUE}); created if missing.")
    Path dir;
  }

  /** Runs a write, turning an existing file into one line and status 1. */
  private static int report(CommandSpec spec, Write write, String keyNote) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CertFiles.Written written;
    try {
      written = write.run();
    } catch (FileAlreadyExistsException e) {
      spec.commandLine().getErr().println("netbus: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    X509Certificate cert = written.issued();
    out.println("wrote " + written.certificate() + " (" + cert.getSubjectX500Principal().getName()
        + ", valid until " + cert.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate() + ")");
    out.println("wrote " + written.key() + " (mode 0600; " + keyNote + ")");
    out.flush();
    return ExitCodes.OK;
  }

  @FunctionalInterface
  private interface Write {
    CertFiles.Written run() throws Exception;
  }

  /** {@code netbus certs ca}. */
  @Command(name = "ca", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = "Make the CA: DIR/ca.crt (give it to every node and client) and DIR/ca.key (keep it off the nodes).")
  static final class Ca implements Callable<Integer> {

    @CommandLine.Mixin
    DirOptions options;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Certs.Validity validity = validity(spec, days);
      return report(spec, () -> CertFiles.writeCa(options.dir, validity), "it signs every certificate: keep it safe");
    }
  }

  /** {@code netbus certs node NAME --host H[,H...]}. */
  @Command(name = "node", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Make DIR/NAME.crt and DIR/NAME.key for a node, signed by DIR/ca.*: a SAN for every host,",
          "usable as server and as client certificate (the node's tls section)."})
  static final class Node implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Node name (the certificate's CN and file name).")
    String name;

    @Option(names = "--host", paramLabel = "H", split = ",", required = true,
        description = "Every name and address clients use to reach the node: DNS names or IPs, comma-separated.")
    List<String> hosts;

    @CommandLine.Mixin
    DirOptions options;

    @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      for (String h : hosts) {
        if (Cidr.literal(h) == null && !DNS_NAME.matcher(h).matches()) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--host: '" + h + "' is neither an IP address nor a DNS name");
        }
      }
      Certs.Validity validity = validity(spec, days);
      return report(spec, () -> CertFiles.writeNode(options.dir, name, hosts, validity),
          "the node's tls.key: copy it to that node only");
    }
  }

  /** {@code netbus certs client NAME}. */
  @Command(name = "client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Make DIR/NAME.crt (CN = NAME, client authentication only) and DIR/NAME.key, signed by DIR/ca.*.",
          "An auth client with \"cn\": \"NAME\" is identified by it."})
  static final class Client implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Client name: the certificate's CN and file name.")
    String name;

    @CommandLine.Mixin
    DirOptions options;

    @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Certs.Validity validity = validity(spec, days);
      return report(spec, () -> CertFiles.writeClient(options.dir, name, validity), "give it to that client only");
    }
  }

  private static Certs.Validity validity(CommandSpec spec, int days) {
    if (days <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--days: must be greater than 0");
    }
    return Certs.Validity.from(Duration.ofDays(days));
  }
}
