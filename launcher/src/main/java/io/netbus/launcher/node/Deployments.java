package io.netbus.launcher.node;

import io.netbus.console.ConsoleModule;
import io.netbus.contract.ConfigException;
import io.netbus.contract.NetbusModule;
import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.launcher.admin.AdminAddresses;
import io.netbus.launcher.admin.AdminException;
import io.netbus.launcher.cli.Logging;
import io.netbus.launcher.config.NodeConfig;
import io.netbus.security.NodeSecurity;
import io.netbus.security.SecuredModule;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node runs, one deployment per unit: each module's root (its client side, with an empty
 * listener list) and each of its listeners on its own, so one listener can be deployed, undeployed
 * or replaced while the others keep their connections. Changes ({@link #deploy}, {@link #undeploy},
 * {@link #reload}) run one at a time, in arrival order; a reload diffs the re-read file against
 * what runs and touches only what changed. Sections a node cannot change while it runs
 * (anything but the listener modules and {@code log}) make a reload refuse.
 */
public final class Deployments {

  private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);
  /** Changes waiting behind the one in progress; past it, a change is refused as busy. */
  static final int MAX_WAITING = 4;
  /** Kinds whose listeners are TCP servers (a port shared by two of them is a mistake). */
  private static final Set<String> TCP_KINDS = Set.of("tcp", "file");

  /** A module's root ({@code listener} null) or one of its listeners, with its deployment config. */
  record Unit(NetbusModule module, String listener, String key, JsonObject config) {
    String id() {
      return listener == null ? module.section() : module.section() + "/" + listener;
    }
  }

  private record Running(Unit unit, String deploymentId) {
  }

  private final Vertx vertx;
  private final List<NetbusModule> modules;
  private final Function<Vertx, Future<NodeConfig>> source;
  // touched only inside serialized(): one change at a time
  private final Map<String, Running> running = new LinkedHashMap<>();
  private NodeConfig config;
  /** The config being started, before {@link #config} is set. */
  private NodeConfig pending;
  private Future<?> tail = Future.succeededFuture();
  private int waiting;

  /** {@code source} re-reads and validates the config file for a reload (null: nothing to reload). */
  Deployments(Vertx vertx, List<NetbusModule> modules, Function<Vertx, Future<NodeConfig>> source) {
    this.vertx = vertx;
    this.modules = modules;
    this.source = source;
  }

  /** Deploys every unit of {@code initial}; fails with the first failure (the node then closes). */
  Future<Void> start(NodeConfig initial, boolean defaultConfig) {
    return serialized(() -> {
      pending = initial;
      List<Future<?>> prepared = new ArrayList<>();
      for (NetbusModule module : modules) {
        JsonObject section = initial.json().getJsonObject(module.section());
        if (section != null) {
          prepared.add(module.prepare(vertx, section, defaultConfig));
        }
      }
      if (modules.stream().noneMatch(m -> initial.json().containsKey(m.section()))) {
        // `{}` is a valid config, but a node that serves nothing is almost always a mistake
        LoggerFactory.getLogger(Node.class).warn("the config has none of the sections {}: this node serves nothing",
            modules.stream().map(NetbusModule::section).toList());
      }
      return Future.all(prepared).compose(v -> startAll(units(initial))).map(v -> {
        config = initial;
        return null;
      });
    });
  }

  /** Starts {@code listener} of module {@code kind} (validated as the config file would be); not persisted. */
  public Future<JsonObject> deploy(String kind, JsonObject listener) {
    return serialized(() -> {
      NetbusModule module = listenerModule(kind);
      String name = listener.getValue("name") instanceof String s ? s : null;
      if (name != null && running.containsKey(kind + "/" + name)) {
        throw new AdminException(AdminAddresses.CONFLICT, kind + " listener '" + name
            + "' already runs on node " + self() + " (undeploy it first, or pick another name)");
      }
      JsonObject json = config.json().copy();
      boolean newSection = !json.containsKey(kind);
      JsonObject section = newSection ? new JsonObject() : json.getJsonObject(kind);
      JsonArray listeners = section.getValue(NetbusModule.LISTENERS) instanceof JsonArray a ? a : new JsonArray();
      JsonObject alone = section.copy().put(NetbusModule.LISTENERS, new JsonArray().add(listener));
      refuseBoundPort(kind, listener);
      section.put(NetbusModule.LISTENERS, listeners.add(listener));
      json.put(kind, section);
      // validation may read certificate files: off the event loop
      return vertx.executeBlocking(() -> {
        // the listener alone first, so its errors read as in a file that holds just it
        if (module instanceof SecuredModule secured) {
          secured.validate(alone, config.security());
        } else {
          module.validate(alone);
        }
        return keepClusterFlag(NodeConfig.validate(json, modules));
      }, false).compose(candidate -> startListener(kind, name, newSection, candidate));
    });
  }

  private Future<JsonObject> startListener(String kind, String name, boolean newSection, NodeConfig candidate) {
    List<Unit> units = units(candidate).stream()
        .filter(u -> u.id().equals(kind + "/" + name) || (newSection && u.id().equals(kind))).toList();
    return startAll(units).recover(err -> stopAll(List.copyOf(running.values()).stream()
        .filter(r -> units.contains(r.unit())).toList()).transform(v -> Future.failedFuture(err)))
        .map(v -> {
          config = candidate;
          ListenerStats stats = stats(kind, name);
          if (stats != null) {
            stats.origin(ListenerStats.Origin.DEPLOY);
          }
          LOG.info("deployed {} listener {} at run time (not in the config file)", kind, name);
          return new JsonObject().put(AdminAddresses.DEPLOYED, new JsonObject().put(AdminAddresses.KIND, kind)
              .put(AdminAddresses.NAME, name).put(ListenerStats.ADDRESS, stats == null ? null : stats.address()));
        });
  }

  /** Stops listener {@code name} ({@code kind} null: of whichever module has one by that name). */
  public Future<JsonObject> undeploy(String name, String kind) {
    return serialized(() -> {
      List<Running> matches = running.values().stream()
          .filter(r -> name.equals(r.unit().listener()) && (kind == null || kind.equals(r.unit().module().section())))
          .toList();
      if (matches.isEmpty()) {
        throw new AdminException(AdminAddresses.NOT_FOUND, "no " + (kind == null ? "" : kind + " ") + "listener '"
            + name + "' on node " + self() + " (it has " + listenerIds() + ")");
      }
      if (matches.size() > 1) {
        throw new AdminException(AdminAddresses.CONFLICT, "'" + name + "' names listeners of several kinds ("
            + String.join(", ", matches.stream().map(r -> r.unit().module().section()).toList()) + "): say which");
      }
      Unit unit = matches.get(0).unit();
      String section = unit.module().section();
      return stopAll(matches).map(v -> {
        JsonObject json = config.json().copy();
        JsonArray listeners = json.getJsonObject(section).getJsonArray(NetbusModule.LISTENERS);
        for (int i = listeners.size() - 1; i >= 0; i--) {
          if (name.equals(listeners.getJsonObject(i).getString("name"))) {
            listeners.remove(i);
          }
        }
        config = new NodeConfig(json, config.cluster(), config.log(), config.security(), config.node());
        LOG.info("undeployed {} listener {} at run time", section, name);
        return new JsonObject().put(AdminAddresses.UNDEPLOYED, new JsonObject().put(AdminAddresses.KIND, section)
            .put(AdminAddresses.NAME, name));
      });
    });
  }

  /**
   * Re-reads the config file and applies it: unchanged units keep running, changed ones are
   * replaced, missing ones stopped, new ones started. A bad file, or a change to a section that
   * cannot be reloaded, changes nothing.
   */
  public Future<JsonObject> reload() {
    return serialized(() -> {
      if (source == null) {
        throw new AdminException(AdminAddresses.CONFLICT, "this node was not started from a config file");
      }
      return source.apply(vertx).compose(fresh -> apply(keepClusterFlag(fresh)));
    }).onFailure(err -> LOG.error("reload: {}", message(err)));
  }

  private Future<JsonObject> apply(NodeConfig fresh) {
    refuseFixedChanges(fresh);
    Map<String, Unit> wanted = new LinkedHashMap<>();
    units(fresh).forEach(u -> wanted.put(u.id(), u));
    List<Running> stop = new ArrayList<>();
    List<Unit> start = new ArrayList<>();
    Set<String> kept = new TreeSet<>();
    Set<String> redeployed = new TreeSet<>();
    Set<String> added = new TreeSet<>();
    Set<String> removed = new TreeSet<>();
    Map<String, Unit> previous = new LinkedHashMap<>();
    for (Running r : running.values()) {
      Unit next = wanted.get(r.unit().id());
      if (next == null) {
        stop.add(r);
        removed.add(r.unit().id());
      } else if (!next.config().equals(r.unit().config())) {
        stop.add(r);
        previous.put(r.unit().id(), r.unit());
      } else if (r.unit().listener() != null) {
        kept.add(r.unit().id());
      }
    }
    for (Unit u : wanted.values()) {
      if (previous.containsKey(u.id())) {
        start.add(u);
        redeployed.add(u.id());
      } else if (!running.containsKey(u.id())) {
        start.add(u);
        added.add(u.id());
      }
    }
    List<String> failures = new ArrayList<>();
    return stopAll(stop)
        .compose(v -> startOrRestore(start.stream().filter(u -> u.listener() == null).toList(), previous, failures))
        .compose(v -> startOrRestore(start.stream().filter(u -> u.listener() != null).toList(), previous, failures))
        .compose(v -> {
          config = fresh;
          Logging.setLevel(fresh.log().level());
          running.values().forEach(r -> {
            ListenerStats stats = r.unit().listener() == null ? null : stats(r.unit().module().section(),
                r.unit().listener());
            if (stats != null) {
              stats.origin(ListenerStats.Origin.CONFIG);
            }
          });
          LOG.info("reloaded the config: {} kept, {} redeployed {}, {} added {}, {} removed {}", kept.size(),
              redeployed.size(), redeployed, added.size(), added, removed.size(), removed);
          if (!failures.isEmpty()) {
            return Future.failedFuture(new AdminException(AdminAddresses.FAILED, "reload applied in part: "
                + String.join("; ", failures)));
          }
          return Future.succeededFuture(new JsonObject()
              .put(AdminAddresses.KEPT, new JsonArray(List.copyOf(kept)))
              .put(AdminAddresses.REDEPLOYED, new JsonArray(List.copyOf(redeployed)))
              .put(AdminAddresses.ADDED, new JsonArray(List.copyOf(added)))
              .put(AdminAddresses.REMOVED, new JsonArray(List.copyOf(removed))));
        });
  }

  /**
   * Two TCP servers of one Vert.x instance on one port share it instead of failing, so a port that
   * a listener configured with port 0 happened to get is checked against what is bound.
   */
  private void refuseBoundPort(String kind, JsonObject listener) {
    if (!TCP_KINDS.contains(kind) || !(listener.getValue("port") instanceof Integer port) || port == 0) {
      return;
    }
    String host = listener.getValue("host") instanceof String h ? h.trim() : "127.0.0.1";
    for (ListenerStats other : NodeStats.of(vertx).listeners()) {
      if (TCP_KINDS.contains(other.kind()) && (host + ":" + port).equals(other.address())) {
        throw new AdminException(AdminAddresses.CONFLICT, kind + ".listeners: port " + port + " on " + host
            + " is already used by " + other.kind() + " listener " + other.name() + " on node " + self());
      }
    }
  }

  /** Starts {@code units} side by side; one that fails is noted, and the unit it replaced started again. */
  private Future<Void> startOrRestore(List<Unit> units, Map<String, Unit> previous, List<String> failures) {
    return Future.join(units.stream().map(u -> deployUnit(u).recover(err -> {
      failures.add(u.id() + ": " + message(err));
      Unit old = previous.get(u.id());
      return old == null ? Future.<String>succeededFuture() : deployUnit(old)
          .onSuccess(id -> failures.add(u.id() + ": the previous one runs again"))
          .recover(again -> Future.succeededFuture());
    })).toList()).mapEmpty();
  }

  /** Sections other than the listener modules' and {@code log} need a restart: refuse a reload that changes them. */
  private void refuseFixedChanges(NodeConfig fresh) {
    Set<String> keys = new TreeSet<>(config.json().fieldNames());
    keys.addAll(fresh.json().fieldNames());
    List<String> fixed = new ArrayList<>();
    for (String key : keys) {
      boolean reloadable = key.equals(NodeConfig.LOG)
          || modules.stream().anyMatch(m -> m.section().equals(key) && perListener(m, config));
      if (!reloadable && !java.util.Objects.equals(config.json().getValue(key), fresh.json().getValue(key))) {
        fixed.add(key);
      }
    }
    if (!fixed.isEmpty()) {
      throw new AdminException(AdminAddresses.CONFLICT, String.join(", ", fixed) + ": changed in the file, but "
          + (fixed.size() == 1 ? "it" : "they") + " cannot be reloaded; restart the node to apply "
          + (fixed.size() == 1 ? "it" : "them") + " (nothing was changed; reloadable: " + reloadable() + ")");
    }
  }

  private String reloadable() {
    List<String> names = new ArrayList<>();
    modules.stream().filter(m -> perListener(m, config)).forEach(m -> names.add(m.section()));
    names.add(NodeConfig.LOG);
    return String.join(", ", names);
  }

  /** The units of a validated config, roots before listeners of each module. */
  List<Unit> units(NodeConfig c) {
    List<Unit> units = new ArrayList<>();
    for (NetbusModule module : modules) {
      JsonObject section = c.json().getJsonObject(module.section());
      if (section == null) {
        continue;
      }
      if (!perListener(module, c)) {
        units.add(new Unit(module, null, module.section(), section));
        continue;
      }
      JsonArray listeners = section.getValue(NetbusModule.LISTENERS) instanceof JsonArray a ? a : new JsonArray();
      JsonObject base = section.copy().put(NetbusModule.LISTENERS, new JsonArray());
      units.add(new Unit(module, null, module.section(), base));
      for (int i = 0; i < listeners.size(); i++) {
        JsonObject l = listeners.getJsonObject(i);
        units.add(new Unit(module, l.getString("name"), module.section() + "." + NetbusModule.LISTENERS + "[" + i + "]",
            base.copy().put(NetbusModule.LISTENERS, new JsonArray().add(l))));
      }
    }
    return units;
  }

  /**
   * Deploys {@code units}: the module roots side by side, then the listeners (a file listener
   * shares what its module's root opened); fails with the first failure once all have settled.
   */
  private Future<Void> startAll(List<Unit> units) {
    return startSideBySide(units.stream().filter(u -> u.listener() == null).toList())
        .compose(v -> startSideBySide(units.stream().filter(u -> u.listener() != null).toList()));
  }

  private Future<Void> startSideBySide(List<Unit> units) {
    List<Future<String>> deployed = units.stream().map(this::deployUnit).toList();
    return Future.join(deployed).<Void>mapEmpty().recover(err -> Future.failedFuture(
        deployed.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(err)));
  }

  private Future<String> deployUnit(Unit unit) {
    return vertx.deployVerticle(verticle(unit), new DeploymentOptions().setConfig(unit.config()))
        .recover(err -> Future.failedFuture(relocate(err, unit)))
        .onSuccess(id -> running.put(unit.id(), new Running(unit, id)));
  }

  /** The unit's verticle, given the node's identity and clients when the module uses them. */
  private Deployable verticle(Unit unit) {
    NodeConfig c = config == null ? pending : config;
    NodeSecurity security = c == null ? NodeSecurity.NONE : c.security();
    if (unit.module() instanceof ConsoleModule console && unit.listener() == null) {
      return console.rootVerticle(security, c == null ? new JsonObject() : c.json());
    }
    if (unit.module() instanceof SecuredModule secured) {
      return unit.listener() == null ? secured.rootVerticle(security) : secured.listenerVerticle(security);
    }
    return unit.listener() == null ? unit.module().rootVerticle() : unit.module().listenerVerticle();
  }

  /** Can {@code module}'s listeners be deployed one by one on a node with {@code c}'s security? */
  private static boolean perListener(NetbusModule module, NodeConfig c) {
    return module instanceof SecuredModule secured ? secured.listenerVerticle(c.security()) != null
        : module.listenerVerticle() != null;
  }

  private Future<Void> stopAll(List<Running> units) {
    return Future.join(units.stream().map(r -> vertx.undeploy(r.deploymentId())
        .andThen(ar -> running.remove(r.unit().id()))).toList()).mapEmpty();
  }

  /** A listener deployed alone reports itself as {@code listeners[0]}: name its place in the file instead. */
  private static Throwable relocate(Throwable err, Unit unit) {
    String alone = unit.module().section() + "." + NetbusModule.LISTENERS + "[0]";
    if (err instanceof ConfigException ce && unit.listener() != null && ce.key().startsWith(alone)) {
      return new ConfigException(unit.key() + ce.key().substring(alone.length()), ce.problem(), ce.getCause());
    }
    return err;
  }

  private NetbusModule listenerModule(String kind) {
    List<String> kinds = new ArrayList<>();
    for (NetbusModule m : modules) {
      if (perListener(m, config)) {
        if (m.section().equals(kind)) {
          return m;
        }
        kinds.add(m.section());
      }
    }
    throw new AdminException(AdminAddresses.BAD_REQUEST, "'" + kind + "' is not a listener kind ("
        + String.join(", ", kinds) + ")");
  }

  private NodeConfig keepClusterFlag(NodeConfig next) {
    return config != null && config.cluster().enabled() && !next.cluster().enabled() ? next.withClusterEnabled() : next;
  }

  private ListenerStats stats(String kind, String name) {
    return NodeStats.of(vertx).listeners().stream().filter(s -> s.kind().equals(kind) && s.name().equals(name))
        .findFirst().orElse(null);
  }

  private String self() {
    return io.netbus.contract.NodeInfo.of(vertx).name();
  }

  private String listenerIds() {
    List<String> ids = running.values().stream().filter(r -> r.unit().listener() != null).map(r -> r.unit().id())
        .sorted().toList();
    return ids.isEmpty() ? "no listeners" : String.join(", ", ids);
  }

  static String message(Throwable err) {
    return err.getMessage() == null ? err.toString() : err.getMessage();
  }

  /** Runs {@code op} after every change before it; at most {@link #MAX_WAITING} wait. */
  private synchronized <T> Future<T> serialized(Supplier<Future<T>> op) {
    if (waiting > MAX_WAITING) {
      return Future.failedFuture(new AdminException(AdminAddresses.BUSY, "too many changes waiting; try again"));
    }
    waiting++;
    Future<T> result = tail.transform(previous -> {
      try {
        return op.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    tail = result.transform(done -> {
      synchronized (this) {
        waiting--;
      }
      return Future.succeededFuture();
    });
    return result;
  }
}
