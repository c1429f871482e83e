package io.netbus.launcher.cli;

import io.netbus.file.client.FileClient;
import io.netbus.file.client.HostPort;
import io.netbus.file.client.Progress;
import io.netbus.file.client.TransferResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code get}, {@code put} and {@code ls} share: HOST:PORT, a Vert.x client, the progress bar, the summary. */
final class FileTransferSupport {

  private FileTransferSupport() {
  }

  static HostPort hostPort(CommandSpec spec, String text) {
    try {
      return HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Runs {@code op} with a file client on a fresh Vert.x, waits for it, closes everything. */
  static <T> T withClient(Function<FileClient, Future<T>> op) throws Exception {
    return withClient(null, null, op);
  }

  /**
   * Like {@link #withClient(Function)}, the client speaking TLS with {@code tls} (null: plaintext)
   * and sending {@code token} (null: none) in its request lines.
   */
  static <T> T withClient(ClientSSLOptions tls, String token, Function<FileClient, Future<T>> op) throws Exception {
    // a broken connection is reported once, by the command; not also as a stack trace from Vert.x
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.vertx.core.net.impl"))
        .setLevel(ch.qos.logback.classic.Level.OFF);
    Vertx vertx = Vertx.builder().build();
    try {
      FileClient client = new FileClient(vertx).with(tls, token);
      return op.apply(client).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception c) {
        throw c;
      }
      throw e;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  /**
   * {@code HOST:PORT/NAME} (the form the transfer summary prints) split in two; {@code name} is
   * null for a plain {@code HOST:PORT}.
   */
  record Target(HostPort hostPort, String name) {
  }

  static Target target(CommandSpec spec, String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new Target(hostPort(spec, text), null);
    }
    String name = text.substring(slash + 1);
    if (name.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "'" + text + "' names no file after the '/'");
    }
    return new Target(hostPort(spec, text.substring(0, slash)), name);
  }

  /**
   * While a transfer runs, a stop by Ctrl-C or SIGTERM (which ends the JVM through its shutdown
   * hooks) prints how to resume; closing it (the transfer ended either way) removes the hook.
   */
  static final class ResumeHint implements AutoCloseable {
    private final Thread hook;

    ResumeHint(PrintWriter err, Supplier<String> message) {
      hook = new Thread(() -> {
        err.println();
        err.println(message.get());
        err.flush();
      }, "netbus-resume-hint");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (or ran), as it should
      }
    }
  }

  /** A progress bar on stderr when the command runs on a terminal; nothing when piped or redirected. */
  static final class Bar implements Progress, AutoCloseable {
    private final String task;
    private final boolean enabled;
    private volatile ProgressBar bar;
    private volatile long position;
    private volatile long size = -1;

    Bar(String task, Boolean forced) {
      this.task = task;
      this.enabled = forced != null ? forced : System.console() != null;
    }

    @Override
    public void update(long position, long size) {
      this.position = position;
      this.size = size;
      if (!enabled) {
        return;
      }
      ProgressBar b = bar;
      if (b == null) {
        b = new ProgressBarBuilder().setTaskName(task).setInitialMax(size).setUnit("MiB", 1 << 20)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed(new DecimalFormat("#.0"))
            .setUpdateIntervalMillis(200).build();
        b.stepTo(position);
        bar = b;
      }
      b.stepTo(position);
    }

    /** The last position reported (bytes of the file that are across). */
    long position() {
      return position;
    }

    /** The file's size, -1 before the server answered. */
    long size() {
      return size;
    }

    @Override
    public void close() {
      ProgressBar b = bar;
      if (b != null) {
        b.close();
      }
    }
  }

  /** {@code 1073741824 bytes in 1.23 s (832.5 MiB/s), sha256 <hex>}. */
  static String summary(TransferResult r) {
    double seconds = r.millis() / 1000.0;
    String resumed = r.offset() > 0 ? ", resumed at byte " + r.offset() : "";
    return String.format(Locale.ROOT, "%d bytes in %.2f s (%.1f MiB/s%s), sha256 %s", r.size(), seconds,
        r.rate() / (1 << 20), resumed, r.sha256());
  }

  static void error(PrintWriter err, String command, Throwable e) {
    err.println("netbus " + command + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    err.flush();
  }
}
