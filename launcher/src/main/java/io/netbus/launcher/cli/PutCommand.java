package io.netbus.launcher.cli;

import io.netbus.file.client.HostPort;
import io.netbus.file.client.TransferResult;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.FileProtocol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus put}: Upload LOCAL to an exchange listener, SHA-256 verified. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Upload LOCAL to an exchange listener, SHA-256 verified.",
    footer = {"%nThe server writes to a temp file, verifies the SHA-256, fsyncs and renames: on any failure "
        + "nothing appears under REMOTE and the exit status is 1. A file already named REMOTE is replaced only "
        + "with --force. After an interrupted put (a broken connection, Ctrl-C) the server keeps the partial "
        + "data; 'put --resume' continues it.",
        "%nExamples:",
        "  netbus put 127.0.0.1:9001 ./a.jpg",
        "  netbus put --force 127.0.0.1:9001 ./a.jpg photos/a.jpg"})
public final class PutCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT",
      description = "The exchange listener, e.g. 127.0.0.1:9001; HOST:PORT/REMOTE names the remote file too.")
  String target;

  @Parameters(index = "1", paramLabel = "LOCAL", description = "The file to send.")
  Path local;

  @Parameters(index = "2", arity = "0..1", paramLabel = "REMOTE",
      description = "Its name under the server's root (default: LOCAL's file name).")
  String remote;

  @Option(names = {"-c", "--resume"}, description = "Continue the server's partial data of an interrupted put.")
  boolean resume;

  @Option(names = {"-f", "--force"}, description = "Replace REMOTE if the server already has a file of that name.")
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
    if (t.name() != null && remote != null) {
      throw new ParameterException(spec.commandLine(), "too many arguments: " + target + " already names the remote file");
    }
    HostPort hp = t.hostPort();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = t.name() != null ? t.name() : remote != null ? remote : local.getFileName().toString();
    TransferResult result;
    FileTransferSupport.Bar bar = new FileTransferSupport.Bar(name, progress);
    try (bar; FileTransferSupport.ResumeHint hint = new FileTransferSupport.ResumeHint(err, () -> "netbus put: interrupted"
            + sent(bar) + "; the server keeps the partial data: run the same command with --resume to continue")) {
      result = FileTransferSupport.withClient(client.tls.sslOptions(spec), client.token(),
          fileClient -> fileClient.upload(hp.host(), hp.port(), local, name, resume, force,
          bar));
    } catch (FileError e) {
      if (FileProtocol.EXISTS.equals(e.code())) {
        err.println("netbus put: " + hp + "/" + name + " already exists; --force replaces it");
        err.flush();
        return ExitCodes.FAILURE;
      }
      FileTransferSupport.error(err, "put", e);
      if (FileProtocol.CONNECTION.equals(e.code()) && bar.size() >= 0) {
        // the server had accepted the put (it told the offset): it keeps what it received
        err.println("netbus put: the server keeps the partial data; run the same command with --resume to continue");
        err.flush();
      }
      return ExitCodes.FAILURE;
    }
    out.println(local + " -> " + hp + "/" + name + ": " + FileTransferSupport.summary(result));
    out.flush();
    return ExitCodes.OK;
  }

  private static String sent(FileTransferSupport.Bar bar) {
    return bar.size() < 0 ? "" : " after " + bar.position() + " of " + bar.size() + " bytes";
  }
}
