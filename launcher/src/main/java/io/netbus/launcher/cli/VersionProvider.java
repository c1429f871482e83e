package io.netbus.launcher.cli;

import io.netbus.contract.NetbusVersion;
import picocli.CommandLine.IVersionProvider;

/** Reads the version the shade plugin wrote into the jar's manifest. */
public final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return NetbusVersion.lines();
  }
}
