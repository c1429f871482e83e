package io.netbus.launcher.cli;

import io.netbus.launcher.Main;
import picocli.CommandLine.IVersionProvider;

/** Reads the version the shade plugin wrote into the jar's manifest. */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"netbus " + (version == null ? "(development build)" : version),
        "Vert.x 5, Java " + System.getProperty("java.version")};
  }
}
