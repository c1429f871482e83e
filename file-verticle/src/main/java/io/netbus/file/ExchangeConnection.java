package io.netbus.file;

import static io.netbus.file.protocol.FileProtocol.*;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.netbus.contract.stats.TransferStats;
import io.netbus.file.protocol.DirectReceive;
import io.netbus.file.protocol.Fields;
import io.netbus.security.Admission;
import io.netbus.security.AuthSection;
import java.util.Optional;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.HashingWriter;
import io.netbus.file.protocol.Names;
import io.netbus.file.protocol.Sha256;
import io.netbus.file.protocol.WireReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.netbus.security.FileSends;
import io.vertx.core.net.NetSocket;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of an exchange listener: reads the request line, then serves one list, get or
 * put and closes. Disk checks run on worker threads; file bytes move with {@code sendFile}
 * (get) or through a {@link HashingWriter} with socket backpressure (put).
 */
final class ExchangeConnection {

  private static final Logger LOG = LoggerFactory.getLogger(ExchangeConnection.class);

  private enum State { REQUEST, WORKING, RECEIVING, VERIFYING, DONE }

  private final Vertx vertx;
  private final NetSocket socket;
  private final FileRoot root;
  private final FileListenerConfig listener;
  private final String remote;
  private final WireReader reader;
  private State state = State.REQUEST;
  // put state
  private String putName;
  private Path partial;
  private Path target;
  private long putSize;
  private boolean putOverwrite;
  private long putOffset;
  private HashingWriter writer;
  private final ListenerStats stats;
  private TransferStats transfer;

  private final Optional<AuthSection> auth;

  ExchangeConnection(Vertx vertx, NetSocket socket, FileRoot root, FileListenerConfig listener, ListenerStats stats,
      Optional<AuthSection> auth) {
    this.auth = auth;
    this.vertx = vertx;
    this.stats = stats;
    this.socket = socket;
    this.root = root;
    this.listener = listener;
    this.remote = String.valueOf(socket.remoteAddress());
    this.reader = new WireReader(this::onProtocolError);
  }

  void start() {
    DirectReceive.largeReads(socket);
    socket.handler(reader);
    socket.endHandler(v -> onClosed());
    socket.exceptionHandler(err -> LOG.debug("file {}: connection {}: {}", listener.name(), remote, err.toString()));
    reader.expectLine(this::onRequest);
  }

  private void onRequest(String line) {
    socket.pause();
    state = State.WORKING;
    JsonObject req;
    try {
      req = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      refuse(new FileError(BAD_REQUEST, "the request line is not a JSON object"));
      return;
    }
    Object op = req.getValue(OP);
    try {
      authorize(req, op);
      if (LIST.equals(op)) {
        list(req);
      } else if (GET.equals(op)) {
        get(req);
      } else if (PUT.equals(op)) {
        put(req);
      } else {
        refuse(new FileError(BAD_REQUEST, "unknown op " + op + " (expected list, get or put)"));
      }
    } catch (FileError e) {
      refuse(e);
    } catch (RuntimeException e) {
      // Fields checks every field: anything else here is a bug, but the client still gets its answer
      LOG.warn("file {}: request from {} failed", listener.name(), remote, e);
      refuse(new FileError(BAD_REQUEST, "cannot serve the request: " + e));
    }
  }

  /**
   * With an {@code auth} section: the request's {@code token}, or else the verified client
   * certificate's CN, names the client; {@code files: none} and unknown clients are refused
   * {@code unauthorized}, puts of {@code ro} clients {@code read_only}. Without one: everyone.
   */
  private void authorize(JsonObject req, Object op) {
    if (auth.isEmpty()) {
      return;
    }
    Object token = req.getValue(TOKEN);
    String cn = Admission.clientCn(socket);
    Optional<AuthSection.Client> client = token instanceof String t ? auth.get().authenticateToken(t)
        : token == null ? auth.get().byCn(cn) : Optional.empty();
    if (client.isEmpty()) {
      LOG.debug("file {}: {}: {} refused", listener.name(), remote, token != null ? "unknown token" : cn != null
          ? "unknown certificate CN '" + cn + "'" : "no token and no client certificate");
      throw new FileError(UNAUTHORIZED, token != null ? "unknown token" : cn != null
          ? "no client named by certificate CN '" + cn + "'"
          : "this server needs a token (--token or NETBUS_TOKEN) or a client certificate");
    }
    if (!client.get().canRead()) {
      throw new FileError(UNAUTHORIZED, "client '" + client.get().name() + "' has no file rights (files: none)");
    }
    if (PUT.equals(op) && !client.get().canWrite()) {
      throw new FileError(READ_ONLY, "client '" + client.get().name() + "' may only read (files: ro)");
    }
  }

  // ---- list

  private void list(JsonObject req) {
    String dir = Names.checkDirectory(Fields.string(req, PATH, ""));
    vertx.executeBlocking(() -> root.list(dir), false)
        .compose(files -> {
          Buffer out = Buffer.buffer().appendString(new JsonObject().put(OK, true).put("count", files.size()).encode())
              .appendString("\n");
          for (int i = 0; i < files.size(); i++) {
            out.appendString(files.getJsonObject(i).encode()).appendString("\n");
          }
          return socket.write(out);
        })
        .onSuccess(v -> finish())
        .onFailure(this::refuse);
  }

  // ---- get

  private void get(JsonObject req) {
    String name = Names.check(Fields.string(req, NAME, null));
    long offset = Fields.wholeNumber(req, OFFSET, 0L);
    if (offset < 0) {
      throw new FileError(BAD_OFFSET, "offset " + offset + " is negative");
    }
    vertx.executeBlocking(() -> root.resolveForRead(name), false).compose(entry -> {
      if (offset > entry.size()) {
        return Future.failedFuture(new FileError(BAD_OFFSET,
            "offset " + offset + " is past the end of '" + name + "' (" + entry.size() + " bytes)"));
      }
      String cached = root.cachedSha(entry);
      // the checksum is computed on a worker while the kernel sends the bytes (sendfile)
      Future<String> sha = cached != null ? Future.succeededFuture(cached) : vertx.executeBlocking(() -> {
        String hex = Sha256.ofFile(entry.path(), entry.size());
        root.remember(entry.path(), entry.size(), entry.modifiedMillis(), hex);
        return hex;
      }, false);
      JsonObject header = new JsonObject().put(OK, true).put(NAME, name).put(SIZE, entry.size()).put(OFFSET, offset);
      state = State.RECEIVING;
      beginTransfer(name, GET, entry.size() - offset);
      long t0 = System.nanoTime();
      return socket.write(header.encode() + "\n")
          .compose(v -> offset == entry.size() ? Future.succeededFuture()
              : FileSends.sendFile(socket, entry.path(), offset, entry.size() - offset))
          .compose(v -> sha)
          .compose(hex -> socket.write(new JsonObject().put(SHA256, hex).encode() + "\n"))
          .onSuccess(v -> {
            transfer.progress(entry.size() - offset);
            stats.bytesOut(entry.size() - offset);
            LOG.info("file {}: {} got '{}' ({} bytes from {}) in {} ms", listener.name(), remote, name,
                entry.size() - offset, offset, (System.nanoTime() - t0) / 1_000_000);
          });
    }).onSuccess(v -> endTransfer(true)).onSuccess(v -> finish()).onFailure(err -> {
      endTransfer(false);
      if (state == State.RECEIVING) {
        LOG.info("file {}: get of '{}' by {} ended early: {}", listener.name(), name, remote, FileError.messageOf(err));
        finish();
      } else {
        refuse(err);
      }
    });
  }

  // ---- put

  private record Plan(Path target, Path partial, long offset, MessageDigest digest) {
  }

  private void put(JsonObject req) {
    if (listener.readOnly()) {
      throw new FileError(READ_ONLY, "listener '" + listener.name() + "' is read-only");
    }
    String name = Names.check(Fields.string(req, NAME, null));
    long size = Fields.wholeNumber(req, SIZE, -1);
    if (size < 0) {
      throw new FileError(BAD_REQUEST, "put needs a size (bytes, 0 or more)");
    }
    if (size > listener.putLimit()) {
      throw new FileError(TOO_LARGE, "'" + name + "' is " + size + " bytes; listener '" + listener.name()
          + "' takes at most " + listener.putLimit());
    }
    boolean resume = Fields.bool(req, RESUME, false);
    boolean overwrite = Fields.bool(req, OVERWRITE, false);
    if (!root.lock(name)) {
      throw new FileError(BUSY, "'" + name + "' is being written by another transfer");
    }
    putName = name;
    putSize = size;
    putOverwrite = overwrite;
    vertx.executeBlocking(() -> plan(name, size, resume, overwrite), false)
        .compose(plan -> {
          target = plan.target();
          partial = plan.partial();
          putOffset = plan.offset();
          return HashingWriter.open(vertx, partial, plan.offset(), plan.digest()).map(w -> {
            writer = w;
            return plan;
          });
        })
        .compose(plan -> socket.write(new JsonObject().put(OK, true).put(NAME, name).put(SIZE, size)
            .put(OFFSET, plan.offset()).encode() + "\n"))
        .onSuccess(v -> {
          state = State.RECEIVING;
          beginTransfer(name, PUT, putSize - putOffset);
          reader.expectBody(putSize - putOffset, this::onPutChunk, end -> reader.expectLine(this::onPutTrailer));
          DirectReceive.start(socket);
          socket.resume();
        })
        .onFailure(err -> {
          root.unlock(name);
          putName = null;
          if (writer != null) {
            writer.discard();
          }
          refuse(err);
        });
  }

  private Plan plan(String name, long size, boolean resume, boolean overwrite) throws Exception {
    Path t = root.resolveForWrite(name);
    if (!overwrite && Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
      throw exists(name);
    }
    Path p = root.partialFor(name);
    long have = 0;
    if (resume && Files.isRegularFile(p)) {
      have = Files.size(p);
      if (have > size) {
        have = 0; // a different file: start over
      }
    }
    MessageDigest digest = Sha256.newDigest();
    if (have > 0) {
      Sha256.updateFromFile(digest, p, have);
    }
    long usable = root.usableSpace();
    if (usable < size - have) {
      throw new FileError(NO_SPACE, "'" + name + "' needs " + (size - have) + " bytes; the disk has " + usable);
    }
    return new Plan(t, p, have, digest);
  }

  private void onPutChunk(Buffer chunk) {
    if (writer.failure() != null) {
      return;
    }
    writer.write(chunk);
    stats.bytesIn(chunk.length());
    if (transfer != null) {
      transfer.progress(chunk.length());
    }
    if (writer.failure() != null) {
      failPut(writer.failure());
    } else if (writer.full()) {
      socket.pause();
      writer.drainHandler(v -> {
        if (writer.failure() != null) {
          failPut(writer.failure());
        } else {
          socket.resume();
        }
      });
    }
  }

  private void onPutTrailer(String line) {
    socket.pause();
    state = State.VERIFYING;
    String claimed;
    try {
      claimed = Fields.string(new JsonObject(line), SHA256, null);
    } catch (DecodeException | ClassCastException | FileError e) {
      claimed = null;
    }
    String expected = claimed == null ? null : claimed.toLowerCase();
    if (!Sha256.isHex(expected)) {
      failPut(new FileError(BAD_REQUEST, "the trailer line must be {\"sha256\": \"<64 hex digits>\"}"));
      return;
    }
    long t0 = System.nanoTime();
    writer.finish().compose(actual -> {
      if (!actual.equals(expected)) {
        return Future.failedFuture(new FileError(CHECKSUM, "SHA-256 mismatch for '" + putName + "': received data hashes to "
            + actual + ", the client announced " + expected + "; nothing was stored"));
      }
      return vertx.executeBlocking(() -> {
        try {
          root.commit(partial, target, putSize, actual, putOverwrite);
        } catch (FileAlreadyExistsException e) {
          // another put created the name while this one ran
          throw exists(putName);
        }
        return actual;
      }, false);
    }).compose(actual -> {
      LOG.info("file {}: {} put '{}' ({} bytes, {} resumed) sha256 {} ({} ms to verify and commit)", listener.name(), remote,
          putName, putSize, putOffset, actual, (System.nanoTime() - t0) / 1_000_000);
      root.unlock(putName);
      state = State.DONE;
      endTransfer(true);
      return socket.write(new JsonObject().put(OK, true).put(NAME, putName).put(SIZE, putSize).put(SHA256, actual)
          .encode() + "\n");
    }).onSuccess(v -> finish()).onFailure(this::failPut);
  }

  private static FileError exists(String name) {
    return new FileError(EXISTS, "'" + name + "' already exists; a put with \"overwrite\": true replaces it");
  }

  /** A put that cannot complete: its partial data is deleted, the client told why. */
  private void failPut(Throwable err) {
    if (state == State.DONE) {
      finish();
      return;
    }
    state = State.DONE;
    endTransfer(false);
    reader.stop();
    String name = putName;
    Throwable reported = err instanceof FileError ? err
        : new FileError(isNoSpace(err) ? NO_SPACE : IO, "writing '" + name + "' failed: " + FileError.messageOf(err), err);
    writer.discard().compose(v -> vertx.fileSystem().delete(partial.toString())).recover(e -> Future.succeededFuture())
        .onComplete(v -> {
          root.unlock(name);
          refuse(reported);
        });
  }

  private static boolean isNoSpace(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left")) {
        return true;
      }
    }
    return false;
  }

  // ---- endings

  private void onProtocolError(FileError err) {
    if (state == State.RECEIVING && putName != null) {
      failPut(err);
    } else {
      refuse(err);
    }
  }

  /**
   * The node is stopping: ends the connection now (a put in progress keeps its partial data, as
   * when the client vanishes) and completes once the partial file is closed, so no disk work is
   * left for worker threads that are about to stop.
   */
  Future<Void> abort() {
    onClosed();
    socket.close();
    return writer == null ? Future.succeededFuture() : writer.abandon();
  }

  private void onClosed() {
    if (putName != null && (state == State.RECEIVING || state == State.WORKING) && writer != null) {
      // the client vanished mid-put: keep what arrived so a put with resume=true continues
      String name = putName;
      long got = putOffset + writer.written();
      state = State.DONE;
      endTransfer(false);
      writer.abandon().onComplete(v -> root.unlock(name));
      LOG.info("file {}: put of '{}' by {} interrupted at {} of {} bytes; partial data kept for a resume",
          listener.name(), name, remote, got, putSize);
    }
  }

  /** Answers an error line and closes. */
  private void refuse(Throwable err) {
    state = State.DONE;
    String code = FileError.codeOf(err);
    String message = FileError.messageOf(err);
    if (BAD_PATH.equals(code)) {
      LOG.warn("file {}: refused {}: {}", listener.name(), remote, message);
    } else if (IO.equals(code)) {
      LOG.warn("file {}: {}: {}", listener.name(), remote, message, err);
    } else {
      LOG.info("file {}: refused {}: {} ({})", listener.name(), remote, message, code);
    }
    socket.write(new JsonObject().put(OK, false).put(ERROR, code).put(MESSAGE, message).encode() + "\n")
        .onComplete(ar -> socket.close());
  }

  /** Shows the transfer in the node's status until it ends. */
  private void beginTransfer(String name, String direction, long total) {
    transfer = NodeStats.of(vertx).startTransfer(listener.name(), name, direction, total);
  }

  private void endTransfer(boolean ok) {
    if (transfer != null) {
      NodeStats.of(vertx).endTransfer(transfer, ok);
      transfer = null;
    }
  }

  private void finish() {
    state = State.DONE;
    socket.close();
  }
}
