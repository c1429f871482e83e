package io.netbus.launcher.cli;

/** A command's failure that says its own exit status (2 for a config error the node reported, say). */
final class CommandFailure extends RuntimeException {

  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
