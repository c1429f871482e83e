package io.netbus.launcher.cli;

import io.netbus.security.Tokens;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netbus token new}: a fresh client token and the SHA-256 the {@code auth} section holds. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Client tokens for the auth section.",
    subcommands = TokenCommand.New.class)
public final class TokenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code netbus token new}. */
  @Command(name = "new", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
      description = {"Print a fresh random token (32 bytes, URL-safe base64) and its SHA-256.",
          "The client keeps the token (--token or NETBUS_TOKEN); the config keeps only tokenSha256."},
      footer = {"%nOutput:", "  token: <43 characters>", "  tokenSha256: <64 hex digits>"})
  static final class New implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      String token = Tokens.generate();
      PrintWriter out = spec.commandLine().getOut();
      out.println("token: " + token);
      out.println("tokenSha256: " + Tokens.sha256Hex(token));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
