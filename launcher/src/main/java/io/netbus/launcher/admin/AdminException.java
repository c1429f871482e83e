package io.netbus.launcher.admin;

/** An admin request that cannot be done, with the failure code its reply carries (see {@link AdminAddresses}). */
public final class AdminException extends RuntimeException {

  private final int code;

  public AdminException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
