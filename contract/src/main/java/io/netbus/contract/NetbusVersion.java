package io.netbus.contract;

/**
 * What {@code --version} prints for any netbus command: the version the shade plugin wrote into
 * the jar's manifest (one manifest for the whole jar, so any netbus class can read it), or
 * "(development build)" when running from class folders.
 */
public final class NetbusVersion {

  private NetbusVersion() {
  }

  /** The lines {@code --version} prints. */
  public static String[] lines() {
    String version = NetbusVersion.class.getPackage().getImplementationVersion();
    return new String[] {"netbus " + (version == null ? "(development build)" : version),
        "Vert.x 5, Java " + System.getProperty("java.version")};
  }
}
