package io.netbus.bench;

import io.netbus.contract.NetbusVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code netbus bench ... --version}: the same lines as {@code netbus --version}. */
public final class BenchVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return NetbusVersion.lines();
  }
}
