package io.netbus.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console takes from the node's other sections, already validated by their modules:
 * {@code file.root} (the disk {@code /health} watches by default) and the {@code bridge}'s
 * {@code outbound} rules (the live tail is a bridge too and never shows more than the TCP bridge
 * would). The console reads these keys rather than the other modules' records, because verticle
 * modules do not import each other.
 *
 * @param fileRoot {@code file.root}, or null without a file section
 * @param bridgeOutbound the bridge's {@code outbound} regexes, or null without a bridge section
 */
public record ConsoleContext(String fileRoot, List<String> bridgeOutbound) {

  /** A node with neither a file nor a bridge section. */
  public static final ConsoleContext NONE = new ConsoleContext(null, null);

  static final String FILE = "file";
  static final String ROOT = "root";
  static final String BRIDGE = "bridge";
  static final String OUTBOUND = "outbound";
  /** The bridge's {@code outbound} when its section leaves it out (BridgeConfig.ALL_NETBUS). */
  static final List<String> BRIDGE_DEFAULT_OUTBOUND = List.of("netbus\\..+");

  public ConsoleContext {
    bridgeOutbound = bridgeOutbound == null ? null : List.copyOf(bridgeOutbound);
  }

  /** Reads the context from the node's whole (validated) config. */
  public static ConsoleContext from(JsonObject node) {
    JsonObject file = node.getValue(FILE) instanceof JsonObject f ? f : null;
    JsonObject bridge = node.getValue(BRIDGE) instanceof JsonObject b ? b : null;
    String root = file != null && file.getValue(ROOT) instanceof String r ? r : null;
    List<String> outbound = null;
    if (bridge != null) {
      outbound = bridge.getValue(OUTBOUND) instanceof JsonArray a ? strings(a) : BRIDGE_DEFAULT_OUTBOUND;
    }
    return new ConsoleContext(root, outbound);
  }

  private static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    array.forEach(v -> list.add(String.valueOf(v)));
    return list;
  }
}
