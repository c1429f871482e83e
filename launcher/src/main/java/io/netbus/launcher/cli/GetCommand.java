package io.netbus.launcher.cli;

import io.netbus.file.client.HostPort;
import io.netbus.file.client.TransferResult;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.FileProtocol;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus get}: Download REMOTE from an exchange listener, SHA-256 verified. */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Download REMOTE from an exchange listener, SHA-256 verified.",
    footer = {"%nThe data lands in LOCAL.netbus-part and is renamed to LOCAL only once complete, fsynced and "
        + "verified: on any failure LOCAL is untouched and the exit status is 1. An interrupted get (a broken "
        + "connection, Ctrl-C) keeps LOCAL.netbus-part and says so; 'get --resume' continues it, and a get "
        + "without --resume refuses to start over unless --force.",
        "%nExamples:",
        "  netbus get 127.0.0.1:9001 file.txt",
        "  netbus get 127.0.0.1:9001/photos/a.jpg ./a.jpg"})
public final class GetCommand implements Callable<Integer> {

  static final String PARTIAL_SUFFIX = ".netbus-part";

  @Parameters(index = "0", paramLabel = "HOST:PORT",
      description = "The exchange listener, e.g. 127.0.0.1:9001; HOST:PORT/REMOTE names the file too.")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REMOTE", description = "The file's name under the server's root.")
  String remote;

  @Parameters(index = "2", arity = "0..1", paramLabel = "LOCAL",
      description = "Where to save it (a file or an existing directory); default: REMOTE's last segment here.")
  Path local;

  @Option(names = {"-c", "--resume"}, description = "Continue from LOCAL.netbus-part left by an interrupted get.")
  boolean resume;

  @Option(names = {"-f", "--force"}, description = "Start over, discarding LOCAL.netbus-part of an interrupted get.")
  boolean force;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar (default: only on a terminal).")
  Boolean progress;

  @Mixin
  ClientTlsOptions client;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    FileTransferSupport.Target t = FileTransferSupport.target(spec, target);
    if (t.name() != null) {
      if (local != null) {
        throw new ParameterException(spec.commandLine(), "too many arguments: " + target + " already names the file");
      }
      local = remote == null ? null : Path.of(remote);
      remote = t.name();
    } else if (remote == null) {
      throw new ParameterException(spec.commandLine(), "missing REMOTE: the file to get (or HOST:PORT/REMOTE)");
    }
    HostPort hp = t.hostPort();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String base = remote.substring(remote.lastIndexOf('/') + 1);
    Path dest = local == null ? Path.of(base) : Files.isDirectory(local) ? local.resolve(base) : local;
    if (base.isEmpty() && (local == null || Files.isDirectory(local))) {
      FileTransferSupport.error(err, "get", new IllegalArgumentException("'" + remote + "' names no file"));
      return ExitCodes.USAGE;
    }
    Path partial = dest.resolveSibling(dest.getFileName() + PARTIAL_SUFFIX);
    if (!resume && Files.isRegularFile(partial) && Files.size(partial) > 0) {
      if (!force) {
        err.println("netbus get: " + partial + " holds " + Files.size(partial) + " bytes of an interrupted get; "
            + "--resume continues it, --force starts over");
        err.flush();
        return ExitCodes.FAILURE;
      }
      Files.delete(partial);
    }
    TransferResult result;
    try (FileTransferSupport.Bar bar = new FileTransferSupport.Bar(base, progress);
        FileTransferSupport.ResumeHint hint = new FileTransferSupport.ResumeHint(err, () -> "netbus get: interrupted; "
            + kept(partial) + "run the same command with --resume to continue")) {
      result = FileTransferSupport.withClient(client.tls.sslOptions(spec), client.token(),
          fileClient -> fileClient.download(hp.host(), hp.port(), remote, partial, resume, bar));
    } catch (FileError e) {
      FileTransferSupport.error(err, "get", e);
      long kept = Files.isRegularFile(partial) ? Files.size(partial) : 0;
      if (kept > 0) {
        // whatever failed (a broken connection, a refusal of the resumed get), the bytes here stay:
        // only a checksum mismatch (the client deleted them) or --force discards them
        err.println("netbus get: " + kept + " bytes kept in " + partial + "; run the same command with --resume"
            + " to continue (or --force to start over)");
        err.flush();
      } else {
        Files.deleteIfExists(partial);
      }
      return ExitCodes.FAILURE;
    }
    Files.move(partial, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    out.println(hp + "/" + remote + " -> " + dest + ": " + FileTransferSupport.summary(result));
    out.flush();
    return ExitCodes.OK;
  }

  private static String kept(Path partial) {
    try {
      return Files.size(partial) + " bytes kept in " + partial + "; ";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
