package io.netbus.launcher.node;

import io.netbus.bridge.BridgeModule;
import io.netbus.console.ConsoleModule;
import io.netbus.contract.NetbusModule;
import io.netbus.file.FileModule;
import io.netbus.tcp.TcpModule;
import io.netbus.udp.UdpModule;
import java.util.List;

/** The modules a node can deploy, one per top-level config section, in deployment (and help) order. */
public final class Modules {

  private Modules() {
  }

  public static List<NetbusModule> all() {
    return List.of(new TcpModule(), new UdpModule(), new FileModule(), new BridgeModule(), new ConsoleModule());
  }
}
