package io.netbus.launcher.cli;

import io.netbus.contract.ConfigException;
import io.netbus.contract.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** DESIGN.md's exit statuses, and the one-line error a command prints when it fails. */
public final class ExitCodes {

  public static final int OK = ExitStatus.OK;
  public static final int FAILURE = ExitStatus.FAILURE;
  public static final int USAGE = ExitStatus.USAGE;

  private ExitCodes() {
  }

  /**
   * A usage error: the one line that says what is wrong (and picocli's "did you mean" for a
   * mistyped command or option), then where the help is, instead of the whole help (20 to 30
   * lines that push the useful one off the screen). Exit status 2.
   */
  public static int onParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    java.io.PrintWriter err = cmd.getErr();
    err.println("netbus" + subcommandPath(cmd) + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("try '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return USAGE;
  }

  /** {@code " get"} for {@code netbus get}, {@code ""} for the top-level command. */
  private static String subcommandPath(CommandLine cmd) {
    String qualified = cmd.getCommandSpec().qualifiedName();
    int space = qualified.indexOf(' ');
    return space < 0 ? "" : qualified.substring(space);
  }

  /** Turns an exception escaping a command into one clear line on stderr and a status. */
  public static int onExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    Throwable cause = e;
    while ((cause instanceof java.util.concurrent.ExecutionException
        || cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    cmd.getErr().println("netbus: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    cmd.getErr().flush();
    return cause instanceof ConfigException || cause instanceof IllegalArgumentException ? USAGE : FAILURE;
  }
}
