package io.netbus.launcher.config;

import io.netbus.contract.ConfigException;
import io.netbus.contract.SectionMapper;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * The optional {@code node} section: who this node is in the cluster. {@code name} must be
 * unique among the cluster's nodes and usable in a bus address ({@code netbus.admin.<name>.*}):
 * letters, digits, {@code -} and {@code _}, at most 63, not {@code local} (the admin API's name
 * for "the node you are talking to"). Left out, the node is named after its host (see
 * {@code NodeNames}).
 *
 * @param name the node's name, or null for the host name
 */
public record NodeSection(String name) {

  /** The admin API's alias of the node a request enters the bus at; no node may be called that. */
  public static final String LOCAL = "local";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  public NodeSection {
    if (name != null) {
      name = name.trim();
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException("name", "'" + name + "' is not a node name (letters, digits, '-' and '_', at most 63,"
            + " starting with a letter or digit)");
      }
      if (name.equalsIgnoreCase(LOCAL)) {
        throw new ConfigException("name", "'" + name + "' is reserved (netbus.admin.local.* means the node you ask)");
      }
    }
  }

  public static NodeSection from(JsonObject section) {
    return SectionMapper.read(section, NodeSection.class, NodeConfig.NODE);
  }

  /** A host name made usable as a node name: its first label, other characters as {@code -}. */
  public static String fromHostName(String host) {
    String first = host == null ? "" : host.split("\\.", 2)[0];
    String cleaned = first.replaceAll("[^A-Za-z0-9_-]", "-").replaceAll("^[-_]+", "");
    if (cleaned.isEmpty() || cleaned.equalsIgnoreCase(LOCAL)) {
      cleaned = "node";
    }
    return cleaned.length() > 50 ? cleaned.substring(0, 50) : cleaned;
  }
}
