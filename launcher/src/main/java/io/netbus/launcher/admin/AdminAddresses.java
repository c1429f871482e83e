package io.netbus.launcher.admin;

import io.netbus.bridge.AddressPolicy;

/**
 * The admin API's bus addresses and fields, declared once for the node that serves them, the CLI
 * and the console. Each node consumes {@code netbus.admin.<its name>.<op>} cluster-wide and
 * {@code netbus.admin.local.<op>} on itself only, so a bridge client that does not know the
 * node's name reaches the node whose bridge it is connected to. No default bridge rule permits
 * {@code netbus.admin.}: a bridge must list {@code netbus\.admin\..+} explicitly.
 */
public final class AdminAddresses {

  public static final String PREFIX = AddressPolicy.ADMIN_PREFIX;
  /** The alias of the node a request enters the bus at. */
  public static final String LOCAL = "local";

  /** {@code {}} → {@code {node, listeners: [...], transfers: [...]}}. */
  public static final String STATUS = "status";
  /** {@code {}} → {@code {nodes: [{name, address, uptimeMs, listeners, connections, reachable}]}}. */
  public static final String NODES = "nodes";
  /** {@code {kind, listener}} → {@code {deployed: {kind, name, address}}}. */
  public static final String DEPLOY = "deploy";
  /** {@code {name, kind?}} → {@code {undeployed: {kind, name}}}. */
  public static final String UNDEPLOY = "undeploy";
  /** {@code {}} → {@code {kept, redeployed, added, removed: ["tcp/chat", ...]}}. */
  public static final String RELOAD = "reload";

  /** Published by a node once it holds its name: {@code {name, address}}; never bridged. */
  public static final String JOINED = AddressPolicy.INTERNAL_PREFIX + "admin.joined";

  // fields
  public static final String NODE = "node";
  public static final String NODES_FIELD = "nodes";
  public static final String LISTENERS = "listeners";
  public static final String TRANSFERS = "transfers";
  public static final String KIND = "kind";
  public static final String LISTENER = "listener";
  public static final String NAME = "name";
  public static final String REACHABLE = "reachable";
  public static final String DEPLOYED = "deployed";
  public static final String UNDEPLOYED = "undeployed";
  public static final String KEPT = "kept";
  public static final String REDEPLOYED = "redeployed";
  public static final String ADDED = "added";
  public static final String REMOVED = "removed";

  // failure codes of admin replies
  /** The request or the config is wrong (a config error line); the CLI exits 2. */
  public static final int BAD_REQUEST = 400;
  /** No such listener. */
  public static final int NOT_FOUND = 404;
  /** The listener exists already, or the change cannot be applied at run time; the CLI exits 2. */
  public static final int CONFLICT = 409;
  /** Applying the change failed on the node. */
  public static final int FAILED = 500;
  /** Too many admin changes waiting. */
  public static final int BUSY = 503;

  private AdminAddresses() {
  }

  /** {@code netbus.admin.<node>.<op>}. */
  public static String of(String node, String op) {
    return PREFIX + node + "." + op;
  }

  /** {@code netbus.admin.local.<op>}. */
  public static String local(String op) {
    return of(LOCAL, op);
  }
}
