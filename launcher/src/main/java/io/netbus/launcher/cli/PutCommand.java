package io.netbus.launcher.cli;

import io.netbus.file.client.HostPort;
import io.netbus.file.client.TransferResult;
import io.netbus.file.protocol.FileError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus put}: Upload LOCAL to an exchange listener, SHA-256 verified. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Upload LOCAL to an exchange listener, SHA-256 verified.",
    footer = {"%nThe server writes to a temp file, verifies the SHA-256, fsyncs and renames: on any failure",
        "nothing appears under REMOTE and the exit status is 1. After a broken connection the server keeps",
        "the partial data; 'put --resume' continues it."})
public final class PutCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The exchange listener, e.g. 127.0.0.1:9001.")
  String target;

  @Parameters(index = "1", paramLabel = "LOCAL", description = "The file to send.")
  Path local;

  @Parameters(index = "2", arity = "0..1", paramLabel = "REMOTE",
      description = "Its name under the server's root (default: LOCAL's file name).")
  String remote;

  @Option(names = {"-c", "--resume"}, description = "Continue the server's partial data of an interrupted put.")
  boolean resume;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar (default: only on a terminal).")
  Boolean progress;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HostPort hp = FileTransferSupport.hostPort(spec, target);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = remote != null ? remote : local.getFileName().toString();
    TransferResult result;
    try (FileTransferSupport.Bar bar = new FileTransferSupport.Bar(name, progress)) {
      result = FileTransferSupport.withClient(client -> client.upload(hp.host(), hp.port(), local, name, resume, bar));
    } catch (FileError e) {
      FileTransferSupport.error(err, "put", e);
      return ExitCodes.FAILURE;
    }
    out.println(local + " -> " + hp + "/" + name + ": " + FileTransferSupport.summary(result));
    out.flush();
    return ExitCodes.OK;
  }
}
