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
