package io.netbus.launcher.cli;

import io.netbus.contract.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** DESIGN.md's exit statuses, and the one-line error a command prints when it fails. */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

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
