package io.netbus.console;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /health} checks: every listener of the node is bound, the cluster (when the node
 * is clustered) is joined, and the disks the config names have room. Each check reports its
 * own part, so a 503 says which one failed.
 */
final class HealthProcedures {

  private static final long MB = 1024 * 1024;

  private final Vertx vertx;
  private final List<String> disks;
  private final long minFreeMb;

  /** {@code disks}: the paths whose file systems must keep {@code minFreeMb} free. */
  HealthProcedures(Vertx vertx, List<String> disks, long minFreeMb) {
    this.vertx = vertx;
    this.disks = List.copyOf(disks);
    this.minFreeMb = minFreeMb;
  }

  HealthChecks register(HealthChecks checks) {
    checks.register("listeners", this::listeners);
    if (vertx.isClustered()) {
      checks.register("cluster", this::cluster);
    }
    if (!disks.isEmpty()) {
      checks.register("disk", this::disk);
    }
    return checks;
  }

  private void listeners(Promise<Status> result) {
    JsonArray unbound = new JsonArray();
    List<ListenerStats> all = NodeStats.of(vertx).listeners();
    all.stream().filter(l -> l.address() == null).forEach(l -> unbound.add(l.kind() + "/" + l.name()));
    JsonObject data = new JsonObject().put("listeners", all.size());
    result.complete(unbound.isEmpty() ? Status.OK(data) : Status.KO(data.put("unbound", unbound)));
  }

  private void cluster(Promise<Status> result) {
    JsonObject data = new JsonObject().put(ConsoleAddresses.MEMBERS, VertxInternals.clusterMembers(vertx));
    result.complete(VertxInternals.clusterJoined(vertx) ? Status.OK(data) : Status.KO(data));
  }

  private void disk(Promise<Status> result) {
    List<Future<JsonObject>> each = new ArrayList<>();
    for (String path : disks) {
      each.add(vertx.fileSystem().fsProps(path)
          .map(fs -> new JsonObject().put("path", path).put("freeMb", fs.usableSpace() / MB))
          .otherwise(err -> new JsonObject().put("path", path).put("error", String.valueOf(err.getMessage()))));
    }
    Future.all(each).onComplete(done -> {
      JsonArray disks = new JsonArray();
      boolean ok = true;
      for (Future<JsonObject> f : each) {
        JsonObject d = f.result();
        disks.add(d);
        ok &= d.containsKey("freeMb") && d.getLong("freeMb") >= minFreeMb;
      }
      JsonObject data = new JsonObject().put("minFreeMb", minFreeMb).put("disks", disks);
      result.complete(ok ? Status.OK(data) : Status.KO(data));
    });
  }
}
