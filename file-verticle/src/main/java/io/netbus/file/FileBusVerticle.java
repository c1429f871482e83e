package io.netbus.file;

import io.netbus.security.NodeSecurity;
import io.netbus.security.TargetGate;
import io.netbus.security.Targets;
import io.netbus.security.TlsOptionsFactory;
import io.vertx.core.net.ClientSSLOptions;
import static io.netbus.file.FileAddresses.*;

import io.netbus.file.client.FileClient;
import io.netbus.file.client.Progress;
import io.netbus.file.client.TransferResult;
import io.netbus.file.protocol.Fields;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.FileProtocol;
import io.netbus.file.protocol.Names;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code netbus.file.*} bus API: fetch a file from a remote exchange listener into this
 * node's root, put a file of this root to a remote listener, list a remote root, and copy
 * between two remote listeners. Replies carry size and SHA-256; progress is published on
 * {@link FileAddresses#PROGRESS} while a transfer runs.
 */
final class FileBusVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FileBusVerticle.class);
  static final long PROGRESS_EVERY_MILLIS = 500;

  private final FileRoot root;
  private final int maxRequests;
  private final NodeSecurity node;
  private final Targets targets;
  private FileClient client;
  private TargetGate gate;
  private ClientSSLOptions tls;
  private int inProgress;

  /**
   * @param node the node's identity: {@code "tls": true} requests trust its {@code tls.ca} and show its certificate
   * @param targets the exchange listeners requests may reach ({@code file.targets})
   */
  FileBusVerticle(FileRoot root, int maxRequests, NodeSecurity node, Targets targets) {
    this.root = root;
    this.maxRequests = maxRequests;
    this.node = node;
    this.targets = targets;
  }

  @Override
  public Future<?> start() {
    client = new FileClient(vertx);
    gate = new TargetGate(vertx, targets, FileConfig.SECTION + "." + FileConfig.TARGETS);
    tls = node.tls().map(t -> TlsOptionsFactory.client(t).getSslOptions().copy()).orElse(null);
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(FETCH, m -> transfer(m, () -> fetch(m.body()))).completion(),
        vertx.eventBus().<JsonObject>consumer(PUT, m -> transfer(m, () -> put(m.body()))).completion(),
        vertx.eventBus().<JsonObject>consumer(LIST, m -> handle(m, () -> list(m.body()))).completion(),
        vertx.eventBus().<JsonObject>consumer(COPY, m -> transfer(m, () -> copy(m.body()))).completion());
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }

  /**
   * A transfer may outlast any request timeout (a 300 MiB copy, a slow link). With {@code "wait":
   * false} it is answered at once, {@code {id, accepted: true, progress: "netbus.file.progress"}},
   * and its verdict is the last event of that id on {@link FileAddresses#PROGRESS} ({@code done:
   * true} with {@code sha256}, or {@code error} and {@code code}); otherwise the reply waits for
   * the verdict, as for any request.
   */
  private void transfer(Message<JsonObject> message, Supplier<Future<JsonObject>> op) {
    JsonObject body = message.body();
    if (body == null || body.getBoolean(WAIT, true)) {
      handle(message, op);
      return;
    }
    String id = body.getString(ID);
    if (id == null) {
      id = UUID.randomUUID().toString();
      body.put(ID, id);
    }
    String accepted = id;
    handle(message, () -> {
      // a request refused up front (a bad field, a busy name) still fails the request itself
      Future<JsonObject> running = op.get();
      running.onFailure(err -> LOG.debug("{} {} failed: {}", message.address(), accepted, FileError.messageOf(err)));
      return Future.succeededFuture(new JsonObject().put(ID, accepted).put(ACCEPTED, true).put(PROGRESS_FIELD, PROGRESS));
    });
  }

  private void handle(Message<JsonObject> message, Supplier<Future<JsonObject>> op) {
    if (inProgress >= maxRequests) {
      message.fail(NODE_BUSY, "busy: " + maxRequests + " netbus.file.* requests are in progress on this node"
          + " (file.maxRequests); try again later");
      return;
    }
    inProgress++;
    Future<JsonObject> reply;
    try {
      if (message.body() == null) {
        throw new FileError(FileProtocol.BAD_REQUEST, "the body must be a JSON object");
      }
      reply = op.get();
    } catch (FileError e) {
      reply = Future.failedFuture(e);
    } catch (TargetGate.Forbidden e) {
      reply = Future.failedFuture(e);
    } catch (ClassCastException | IllegalArgumentException e) {
      reply = Future.failedFuture(new FileError(FileProtocol.BAD_REQUEST, e.getMessage()));
    }
    reply.onComplete(ar -> inProgress--).onSuccess(message::reply).onFailure(err -> {
      if (err instanceof TargetGate.Forbidden) {
        message.fail(TargetGate.FORBIDDEN, err.getMessage());
        return;
      }
      String code = FileError.codeOf(err);
      LOG.info("{} failed: {} ({})", message.address(), FileError.messageOf(err), code);
      message.fail(failureCode(code), code + ": " + FileError.messageOf(err));
    });
  }

  static int failureCode(String code) {
    return switch (code) {
      case FileProtocol.BAD_REQUEST, FileProtocol.BAD_OFFSET -> BAD_REQUEST;
      case FileProtocol.BAD_PATH, FileProtocol.READ_ONLY, FileProtocol.UNAUTHORIZED -> FORBIDDEN;
      case FileProtocol.NOT_FOUND -> NOT_FOUND;
      case FileProtocol.BUSY -> BUSY;
      case FileProtocol.EXISTS -> EXISTS;
      case FileProtocol.TOO_LARGE, FileProtocol.NO_SPACE -> TOO_LARGE;
      case FileProtocol.CHECKSUM -> CHECKSUM;
      case FileProtocol.CONNECTION -> UNREACHABLE;
      default -> FAILED;
    };
  }

  // ---- requests

  private Future<JsonObject> list(JsonObject body) {
    Endpoint remote = Endpoint.of(body, "");
    return reach(remote).compose(r -> client(remote).list(r.host(), r.port(), Fields.string(body, PATH, "")))
        .map(files -> new JsonObject().put(FILES, new JsonArray(files.stream().map(o -> (Object) o).toList())));
  }

  private Future<JsonObject> fetch(JsonObject body) {
    Endpoint remote = Endpoint.of(body, "");
    String name = Names.check(required(body, NAME, ""));
    String local = Names.check(Fields.string(body, LOCAL, name));
    String id = Fields.string(body, ID, UUID.randomUUID().toString());
    boolean resume = Fields.bool(body, RESUME, false);
    if (!root.lock(local)) {
      throw new FileError(FileProtocol.BUSY, "'" + local + "' is being written by another transfer");
    }
    Path partial = root.partialFor(local);
    ProgressPublisher progress = new ProgressPublisher(id, "fetch", name);
    return reach(remote).compose(r -> vertx.executeBlocking(() -> root.resolveForWrite(local), false)
        .compose(target -> client(remote).download(r.host(), r.port(), name, partial, resume, progress)
            .compose(result -> vertx.executeBlocking(() -> {
              root.commit(partial, target, result.size(), result.sha256());
              return result;
            }, false))))
        .map(result -> reply(id, local, result))
        .andThen(ar -> {
          root.unlock(local);
          progress.done(ar);
        });
  }

  private Future<JsonObject> put(JsonObject body) {
    Endpoint remote = Endpoint.of(body, "");
    String local = Names.check(required(body, LOCAL, ""));
    String name = Names.check(Fields.string(body, NAME, local));
    String id = Fields.string(body, ID, UUID.randomUUID().toString());
    boolean resume = Fields.bool(body, RESUME, false);
    boolean overwrite = Fields.bool(body, OVERWRITE, false);
    ProgressPublisher progress = new ProgressPublisher(id, "put", local);
    return reach(remote).compose(r -> vertx.executeBlocking(() -> root.resolveForRead(local), false)
        .compose(entry -> client(remote).upload(r.host(), r.port(), entry.path(), name, resume, overwrite, progress)))
        .map(result -> reply(id, name, result))
        .andThen(progress::done);
  }

  /** Store and forward through this node's partial directory: get from one listener, put to the other. */
  private Future<JsonObject> copy(JsonObject body) {
    JsonObject fromJson = Fields.object(body, FROM);
    JsonObject toJson = Fields.object(body, TO);
    if (fromJson == null || toJson == null) {
      throw new FileError(FileProtocol.BAD_REQUEST, "copy needs from: {host, port, name} and to: {host, port, name?}");
    }
    Endpoint from = Endpoint.of(fromJson, FROM + ".");
    Endpoint to = Endpoint.of(toJson, TO + ".");
    String name = Names.check(required(fromJson, NAME, FROM + "."));
    String toName = Names.check(Fields.string(toJson, NAME, name));
    String id = Fields.string(body, ID, UUID.randomUUID().toString());
    boolean overwrite = Fields.bool(body, OVERWRITE, false);
    String scratch = "copy-" + id;
    Path partial = root.partialFor(scratch);
    if (!root.lock(scratch)) {
      throw new FileError(FileProtocol.BUSY, "a copy with id " + id + " is running");
    }
    ProgressPublisher progress = new ProgressPublisher(id, "copy", name);
    return reach(from).compose(f -> reach(to).compose(t -> client(from)
        .download(f.host(), f.port(), name, partial, false, progress)
        .compose(got -> client(to).upload(t.host(), t.port(), partial, toName, false, overwrite, progress))))
        .map(result -> reply(id, toName, result))
        .andThen(ar -> vertx.fileSystem().delete(partial.toString()).onComplete(v -> {
          root.unlock(scratch);
          progress.done(ar);
        }));
  }

  private static JsonObject reply(String id, String name, TransferResult r) {
    return new JsonObject().put(ID, id).put(NAME, name).put(SIZE, r.size()).put(SHA256, r.sha256())
        .put(OFFSET, r.offset()).put(BYTES, r.bytes()).put(MILLIS, r.millis());
  }

  private static String required(JsonObject body, String key, String prefix) {
    String v = Fields.string(body, key, null);
    if (v == null || v.isEmpty()) {
      throw new FileError(FileProtocol.BAD_REQUEST, "missing '" + prefix + key + "'");
    }
    return v;
  }

  /**
   * The endpoint as it may be dialed under {@code file.targets}: itself, or its host resolved
   * once to the address the check allowed (then dialed by that address).
   */
  private Future<Endpoint> reach(Endpoint remote) {
    return gate.resolve(remote.host(), remote.port()).map(address -> address == null ? remote
        : new Endpoint(address.getHostAddress(), remote.port(), remote.tls(), remote.token()));
  }

  /** The client for an endpoint: TLS verified against the node's CA when asked, its token. */
  private FileClient client(Endpoint remote) {
    if (remote.tls() && tls == null) {
      throw new FileError(FileProtocol.BAD_REQUEST, "'tls': true needs the node's tls section (its ca verifies the server)");
    }
    return remote.tls() || remote.token() != null ? client.with(remote.tls() ? tls : null, remote.token()) : client;
  }

  private record Endpoint(String host, int port, boolean tls, String token) {
    static Endpoint of(JsonObject body, String prefix) {
      String host = Fields.string(body, HOST, "127.0.0.1");
      return new Endpoint(host, Fields.port(body, PORT, prefix + PORT), body.getBoolean(TLS, false), body.getString(TOKEN));
    }
  }

  /** Publishes {id, op, name, bytes, size} at most every {@value #PROGRESS_EVERY_MILLIS} ms, and once at the end. */
  private final class ProgressPublisher implements Progress {
    private final String id;
    private final String op;
    private final String name;
    private long last;
    private long position;
    private long size = -1;

    ProgressPublisher(String id, String op, String name) {
      this.id = id;
      this.op = op;
      this.name = name;
    }

    @Override
    public void update(long position, long size) {
      this.position = position;
      this.size = size;
      long now = System.nanoTime();
      if (now - last >= PROGRESS_EVERY_MILLIS * 1_000_000) {
        last = now;
        vertx.eventBus().publish(PROGRESS, event().put(DONE, false));
      }
    }

    /** The last event of a transfer: its verdict, {@code sha256} or {@code error} and {@code code}. */
    void done(AsyncResult<JsonObject> verdict) {
      JsonObject e = event().put(DONE, true);
      if (verdict.failed()) {
        e.put(ERROR, FileError.messageOf(verdict.cause())).put(CODE, FileError.codeOf(verdict.cause()));
      } else {
        e.put(SHA256, verdict.result().getString(SHA256)).put(SIZE, verdict.result().getLong(SIZE));
      }
      vertx.eventBus().publish(PROGRESS, e);
    }

    private JsonObject event() {
      return new JsonObject().put(ID, id).put(OP, op).put(NAME, name).put(BYTES, position).put(SIZE, size);
    }
  }
}
