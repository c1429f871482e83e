package io.netbus.file.client;

import static io.netbus.file.protocol.FileProtocol.*;

import io.netbus.file.protocol.DirectReceive;
import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.HashingWriter;
import io.netbus.file.protocol.Sha256;
import io.netbus.file.protocol.WireReader;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.netbus.security.FileSends;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the netbus file protocol, used by the CLI ({@code netbus get/put/ls}) and
 * the bus API. Everything is asynchronous; file bytes stream with backpressure through bounded
 * buffers and are hashed as they pass, so memory stays flat whatever the size.
 *
 * <p>A download lands in a partial file the caller names; when it returns successfully the
 * partial file is complete, verified and fsynced, and the caller renames it into place. After a
 * failure the partial data is kept when the connection broke (so a resume continues it) and
 * deleted when the data was wrong (checksum mismatch).
 */
public final class FileClient {

  static final int SOCKET_QUEUE = 4 << 20;
  /** An upload is sent in sendfile segments of this size; progress is told between them. */
  static final long SEGMENT = 32L << 20;
  /**
   * How long a server may take to answer a request line. An exchange listener answers at once
   * (a list of a huge root takes longest, a few hundred ms for 100,000 files); a peer that stays
   * silent is the wrong port (a chat or line server waiting for more), and the user should hear
   * so within seconds.
   */
  static final long ANSWER_TIMEOUT_MS = 3_000;

  private final Vertx vertx;
  private final NetClient net;
  private final long answerTimeoutMs;
  private final ClientSSLOptions tls;
  private final String token;

  public FileClient(Vertx vertx) {
    this(vertx, 10_000, 120);
  }

  public FileClient(Vertx vertx, int connectTimeoutMillis, int idleTimeoutSeconds) {
    this(vertx, connectTimeoutMillis, idleTimeoutSeconds, ANSWER_TIMEOUT_MS);
  }

  /** {@code answerTimeoutMs}: how long a server may take to answer a request line. */
  public FileClient(Vertx vertx, int connectTimeoutMillis, int idleTimeoutSeconds, long answerTimeoutMs) {
    this.vertx = vertx;
    this.answerTimeoutMs = answerTimeoutMs;
    this.net = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(connectTimeoutMillis)
        .setTcpNoDelay(true)
        .setIdleTimeout(idleTimeoutSeconds)
        .setIdleTimeoutUnit(TimeUnit.SECONDS));
    this.tls = null;
    this.token = null;
  }

  private FileClient(FileClient base, ClientSSLOptions tls, String token) {
    this.vertx = base.vertx;
    this.net = base.net;
    this.answerTimeoutMs = base.answerTimeoutMs;
    this.tls = tls;
    this.token = token;
  }

  /**
   * This client (same connections pool and timeouts) speaking TLS with {@code tls} (null:
   * plaintext) and sending {@code token} on every request line (null: none). Closing a view
   * closes the client it came from.
   */
  public FileClient with(ClientSSLOptions tls, String token) {
    return new FileClient(this, tls, token);
  }

  /** A request line: {@code request} plus the token when there is one. */
  private String requestLine(JsonObject request) {
    return (token == null ? request : request.copy().put(TOKEN, token)).encode() + "\n";
  }

  public Future<Void> close() {
    return net.close();
  }

  private Future<NetSocket> connect(String host, int port) {
    ConnectOptions options = new ConnectOptions().setHost(host).setPort(port);
    if (tls != null) {
      options.setSsl(true).setSslOptions(tls);
    }
    return net.connect(options).recover(err -> Future.failedFuture(new FileError(CONNECTION, tlsFailure(err)
        .map(why -> "TLS to " + host + ":" + port + " failed: " + why)
        .orElse("cannot connect to " + host + ":" + port + ": " + FileError.messageOf(err)), err)));
  }

  /** Why a TLS connection failed, in one line, when it is a TLS failure (a certificate that does not verify...). */
  private static java.util.Optional<String> tlsFailure(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
        Throwable root = c;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        String m = String.valueOf(root.getMessage()).replace('\n', ' ');
        boolean certificate = certificateProblem(err);
        return java.util.Optional.of(certificate ? "the server's certificate does not verify: " + m : m);
      }
    }
    return java.util.Optional.empty();
  }

  /** True when a TLS failure is about the server's certificate (untrusted, wrong name, expired). */
  public static boolean certificateProblem(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (c instanceof java.security.cert.CertificateException || c instanceof java.security.cert.CertPathBuilderException
          || c instanceof java.security.cert.CertPathValidatorException || m.contains("certificat")
          || m.contains("subject alternative") || m.contains("pkix")) {
        return true;
      }
    }
    return false;
  }

  /**
   * One answer line: the parsed object when {@code ok}, else the server's error as a {@link
   * FileError}; a line that is not a netbus answer (not JSON, or JSON without a boolean {@code
   * ok}: an upper-casing server's {@code {"OP":"LIST"}}) names the peer as the wrong one.
   */
  static JsonObject answer(String line, PeerCheck peer) {
    JsonObject o;
    try {
      o = new JsonObject(line);
    } catch (DecodeException e) {
      throw peer.notExchange();
    }
    if (!(o.getValue(OK) instanceof Boolean ok)) {
      throw peer.notExchange();
    }
    peer.answered();
    if (!ok) {
      throw new FileError(o.getString(ERROR, IO), o.getString(MESSAGE, "the server refused: " + abbreviate(line)));
    }
    return o;
  }

  /**
   * What is wrong with a local file, in a user's words: Vert.x says "Unable to analyse file at
   * path ..." and NIO only names the path; the exception's type says which.
   */
  private static String fileProblem(Throwable err) {
    for (Throwable c = err; c != null; c = c.getCause()) {
      if (c instanceof java.nio.file.NoSuchFileException) {
        return "no such file or directory";
      }
      if (c instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
    }
    return FileError.messageOf(err);
  }

  /** Fails with a clear message unless the first answer line comes in time; cancel the timer on it. */
  private long answerDeadline(PeerCheck peer, long millis, Handler<Throwable> fail) {
    return vertx.setTimer(millis, id -> fail.handle(peer.silent(millis)));
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  // ---------------------------------------------------------------- list

  /** The files under {@code path} ("" for the whole root): objects with name, size and modified. */
  public Future<List<JsonObject>> list(String host, int port, String path) {
    return connect(host, port).compose(socket -> {
      Promise<List<JsonObject>> result = Promise.promise();
      List<JsonObject> files = new ArrayList<>();
      WireReader reader = new WireReader(result::tryFail);
      PeerCheck peer = new PeerCheck(socket, reader);
      socket.handler(peer);
      socket.exceptionHandler(result::tryFail);
      boolean[] answered = {false};
      socket.endHandler(v -> result.tryFail(answered[0]
          ? new FileError(CONNECTION, "the server closed the connection before the listing ended") : peer.closedEarly()));
      long[] count = {0};
      long answerTimer = answerDeadline(peer, answerTimeoutMs, result::tryFail);
      reader.expectLine(line -> {
        vertx.cancelTimer(answerTimer);
        answered[0] = true;
        try {
          count[0] = answer(line, peer).getLong("count", 0L);
        } catch (FileError e) {
          result.tryFail(e);
          return;
        }
        if (count[0] == 0) {
          result.tryComplete(files);
          return;
        }
        reader.expectLine(new io.vertx.core.Handler<>() {
          @Override
          public void handle(String entry) {
            files.add(new JsonObject(entry));
            if (files.size() == count[0]) {
              result.tryComplete(files);
            } else {
              reader.expectLine(this);
            }
          }
        });
      });
      JsonObject req = new JsonObject().put(OP, LIST);
      if (path != null && !path.isEmpty()) {
        req.put(PATH, path);
      }
      socket.write(requestLine(req));
      return result.future().onComplete(ar -> {
        vertx.cancelTimer(answerTimer);
        socket.close();
      });
    });
  }

  // ---------------------------------------------------------------- get

  /**
   * Downloads {@code remote} into {@code partial}: from where {@code partial} ends when
   * {@code resume}, else from scratch. Succeeds once the whole file is there, fsynced and its
   * SHA-256 verified; the caller then moves {@code partial} to its final name.
   */
  public Future<TransferResult> download(String host, int port, String remote, Path partial, boolean resume,
      Progress progress) {
    long t0 = System.nanoTime();
    String partialName = partial.toString();
    Future<Long> have = !resume ? Future.succeededFuture(0L) : vertx.fileSystem().exists(partialName)
        .compose(exists -> exists ? vertx.fileSystem().props(partialName).map(FileProps::size) : Future.succeededFuture(0L));
    return have.compose(k -> vertx.executeBlocking(() -> {
      MessageDigest digest = Sha256.newDigest();
      if (k > 0) {
        Sha256.updateFromFile(digest, partial, k); // the bytes already here count towards the checksum
      }
      return digest;
    }, false).compose(digest -> connect(host, port)
        .compose(socket -> new Download(socket, remote, partial, k, digest, progress, t0).run())));
  }

  private final class Download {
    private final NetSocket socket;
    private final String remote;
    private final Path partial;
    private final long offset;
    private final MessageDigest digest;
    private final Progress progress;
    private final long t0;
    private final Promise<TransferResult> result = Promise.promise();
    private final WireReader reader;
    private PeerCheck peer;
    private HashingWriter writer;
    private long size = -1;
    private boolean verifying;
    private long answerTimer = -1;

    Download(NetSocket socket, String remote, Path partial, long offset, MessageDigest digest, Progress progress, long t0) {
      this.socket = socket;
      this.remote = remote;
      this.partial = partial;
      this.offset = offset;
      this.digest = digest;
      this.progress = progress;
      this.t0 = t0;
      this.reader = new WireReader(this::fail);
    }

    Future<TransferResult> run() {
      DirectReceive.largeReads(socket);
      peer = new PeerCheck(socket, reader);
      socket.handler(peer);
      socket.exceptionHandler(this::fail);
      socket.endHandler(v -> {
        if (!verifying) {
          fail(size < 0 ? peer.closedEarly() : new FileError(CONNECTION, "the connection closed after " + (offset + (writer == null ? 0 : writer.written())) + " of " + size + " bytes"));
        }
      });
      reader.expectLine(this::onHeader);
      answerTimer = answerDeadline(peer, answerTimeoutMs, this::fail);
      result.future().onComplete(ar -> vertx.cancelTimer(answerTimer));
      socket.write(requestLine(new JsonObject().put(OP, GET).put(NAME, remote).put(OFFSET, offset)));
      return result.future();
    }

    private void onHeader(String line) {
      vertx.cancelTimer(answerTimer);
      socket.pause();
      JsonObject header;
      try {
        header = answer(line, peer);
      } catch (FileError e) {
        fail(e);
        return;
      }
      size = header.getLong(SIZE, -1L);
      if (size < 0 || header.getLong(OFFSET, -1L) != offset) {
        fail(new FileError(CONNECTION, "unexpected answer to get: " + line));
        return;
      }
      progress.update(offset, size);
      HashingWriter.open(vertx, partial, offset, digest)
          .onFailure(err -> fail(new FileError(IO, "cannot write " + partial + ": " + fileProblem(err), err)))
          .onSuccess(w -> {
            writer = w;
            reader.expectBody(size - offset, this::onChunk, end -> reader.expectLine(this::onTrailer));
            DirectReceive.start(socket);
            socket.resume();
          });
    }

    private void onChunk(Buffer chunk) {
      writer.write(chunk);
      progress.update(offset + writer.written(), size);
      if (writer.failure() != null) {
        fail(writer.failure());
      } else if (writer.full()) {
        socket.pause();
        writer.drainHandler(v -> socket.resume());
      }
    }

    private void onTrailer(String line) {
      verifying = true;
      String claimed;
      try {
        claimed = new JsonObject(line).getString(SHA256);
      } catch (DecodeException | ClassCastException e) {
        claimed = null;
      }
      socket.close();
      String expected = claimed;
      writer.finish().onFailure(this::fail).onSuccess(actual -> {
        if (!actual.equals(expected)) {
          vertx.fileSystem().delete(partial.toString()).onComplete(v -> fail(new FileError(CHECKSUM,
              "SHA-256 mismatch for '" + remote + "': the data received hashes to " + actual + ", the server announced "
                  + expected + "; the partial data was deleted")));
          return;
        }
        result.tryComplete(new TransferResult(remote, size, offset, size - offset, actual,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
      });
    }

    private void fail(Throwable err) {
      if (result.future().isComplete()) {
        return;
      }
      Throwable reported = err instanceof FileError ? err
          : new FileError(CONNECTION, "get of '" + remote + "' failed: " + FileError.messageOf(err), err);
      result.tryFail(reported);
      reader.stop();
      socket.close();
      if (writer != null && !verifying) {
        writer.abandon();
      }
    }
  }

  // ---------------------------------------------------------------- put

  /** {@link #upload(String, int, Path, String, boolean, boolean, Progress)} that refuses to replace a remote file. */
  public Future<TransferResult> upload(String host, int port, Path local, String remote, boolean resume, Progress progress) {
    return upload(host, port, local, remote, resume, false, progress);
  }

  /**
   * Uploads {@code local} as {@code remote}; with {@code resume} the server continues its partial
   * data of that name. Succeeds once the server has verified and committed the file. Without
   * {@code overwrite} a remote file of that name makes it fail with {@code exists}, before any
   * byte is sent.
   */
  public Future<TransferResult> upload(String host, int port, Path local, String remote, boolean resume,
      boolean overwrite, Progress progress) {
    long t0 = System.nanoTime();
    return vertx.fileSystem().props(local.toString())
        .recover(err -> Future.failedFuture(new FileError(NOT_FOUND, "cannot read " + local + ": " + fileProblem(err), err)))
        .compose(props -> {
          if (!props.isRegularFile()) {
            return Future.failedFuture(new FileError(NOT_FOUND, local + " is not a regular file"));
          }
          return connect(host, port).compose(socket -> new Upload(socket, local, remote, props.size(), resume, overwrite,
              progress, t0).run());
        });
  }

  private final class Upload {
    private final NetSocket socket;
    private final Path local;
    private final String remote;
    private final long size;
    private final boolean resume;
    private final boolean overwrite;
    private final Progress progress;
    private final long t0;
    private final Promise<TransferResult> result = Promise.promise();
    private final WireReader reader;
    private PeerCheck peer;
    private final MessageDigest digest = Sha256.newDigest();
    private long offset = -1;
    private long sent;
    private boolean trailerSent;
    private long answerTimer = -1;

    Upload(NetSocket socket, Path local, String remote, long size, boolean resume, boolean overwrite, Progress progress,
        long t0) {
      this.socket = socket;
      this.local = local;
      this.remote = remote;
      this.size = size;
      this.resume = resume;
      this.overwrite = overwrite;
      this.progress = progress;
      this.t0 = t0;
      this.reader = new WireReader(this::fail);
    }

    Future<TransferResult> run() {
      peer = new PeerCheck(socket, reader);
      socket.handler(peer);
      socket.exceptionHandler(this::fail);
      socket.setWriteQueueMaxSize(SOCKET_QUEUE);
      socket.endHandler(v -> fail(offset < 0 ? peer.closedEarly() : new FileError(CONNECTION,
          "the connection closed after " + (offset + sent) + " of " + size + " bytes"
              + (trailerSent ? " (before the server confirmed)" : ""))));
      reader.expectLine(this::onHeader);
      if (!resume) {
        // a resumed put is answered only after the server has hashed its partial data (which
        // may take minutes for a large file): only the idle timeout bounds that wait.
        answerTimer = answerDeadline(peer, answerTimeoutMs, this::fail);
        result.future().onComplete(ar -> vertx.cancelTimer(answerTimer));
      }
      JsonObject req = new JsonObject().put(OP, PUT).put(NAME, remote).put(SIZE, size).put(RESUME, resume);
      if (overwrite) {
        req.put(OVERWRITE, true);
      }
      socket.write(requestLine(req));
      return result.future();
    }

    private void onHeader(String line) {
      vertx.cancelTimer(answerTimer);
      JsonObject header;
      try {
        header = answer(line, peer);
      } catch (FileError e) {
        fail(e);
        return;
      }
      offset = header.getLong(OFFSET, -1L);
      if (offset < 0 || offset > size) {
        fail(new FileError(CONNECTION, "unexpected answer to put: " + line));
        return;
      }
      // from here the next line is the server's verdict; one arriving early is an error
      reader.expectLine(this::onVerdict);
      progress.update(offset, size);
      // zero-copy: the kernel sends the file (sendfile) while a worker hashes it from the page cache
      Future<String> sha = vertx.executeBlocking(() -> {
        Sha256.updateFromFile(digest, local, size);
        return Sha256.hex(digest);
      }, false);
      sendFrom(offset)
          .compose(v -> sha)
          .onFailure(err -> fail(new FileError(IO, "sending " + local + " failed: " + FileError.messageOf(err), err)))
          .onSuccess(hex -> {
            trailerSent = true;
            socket.write(new JsonObject().put(SHA256, hex).encode() + "\n");
          });
    }

    /** Sends the file from {@code position} in segments, so progress can be told between them. */
    private Future<Void> sendFrom(long position) {
      if (position >= size || result.future().isComplete()) {
        return result.future().isComplete() ? Future.failedFuture("cancelled") : Future.succeededFuture();
      }
      long length = Math.min(SEGMENT, size - position);
      return FileSends.sendFile(socket, local, position, length).compose(v -> {
        sent += length;
        progress.update(position + length, size);
        return sendFrom(position + length);
      });
    }

    private void onVerdict(String line) {
      JsonObject verdict;
      try {
        verdict = answer(line, peer);
      } catch (FileError e) {
        fail(e);
        return;
      }
      if (!trailerSent) {
        fail(new FileError(CONNECTION, "the server answered before the upload ended: " + line));
        return;
      }
      result.tryComplete(new TransferResult(remote, size, offset, size - offset, verdict.getString(SHA256),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
      socket.close();
    }

    private void fail(Throwable err) {
      if (result.future().isComplete()) {
        return;
      }
      result.tryFail(err instanceof FileError ? err
          : new FileError(CONNECTION, "put of '" + remote + "' failed: " + FileError.messageOf(err), err));
      reader.stop();
      socket.close();
    }
  }
}
