package io.netbus.launcher.cli;

import io.netbus.file.client.HostPort;
import io.netbus.file.protocol.FileError;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netbus ls}: List the files of an exchange listener. */
@Command(name = "ls", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "List the files of an exchange listener: size, modification time (UTC) and name, one per line.")
public final class LsCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST:PORT", description = "The exchange listener, e.g. 127.0.0.1:9001.")
  String target;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A directory under the root (default: all).")
  String path;

  @Option(names = "--json", description = "One JSON object per line instead.")
  boolean json;

  @Mixin
  ClientTlsOptions client;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HostPort hp = FileTransferSupport.hostPort(spec, target);
    PrintWriter out = spec.commandLine().getOut();
    List<JsonObject> files;
    try {
      files = FileTransferSupport.withClient(client.tls.sslOptions(spec), client.token(),
          fileClient -> fileClient.list(hp.host(), hp.port(), path));
    } catch (FileError e) {
      FileTransferSupport.error(spec.commandLine().getErr(), "ls", e);
      return ExitCodes.FAILURE;
    }
    for (JsonObject f : files) {
      if (json) {
        out.println(f.encode());
      } else {
        out.printf("%12d  %-24s  %s%n", f.getLong("size"), f.getString("modified"), f.getString("name"));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
