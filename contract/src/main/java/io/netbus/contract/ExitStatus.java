package io.netbus.contract;

/**
 * The exit statuses DESIGN.md promises for every netbus command, declared once for the launcher
 * and the bench module alike: 0 ok, 1 any other failure, 2 a usage or configuration error.
 */
public final class ExitStatus {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private ExitStatus() {
  }
}
