package io.netbus.launcher.cli;

import io.netbus.contract.ForwardTarget;
import io.netbus.contract.framing.FrameDecoder;
import io.netbus.contract.framing.FrameTooLongException;
import io.netbus.contract.framing.Framing;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netbus tcp HOST PORT}: the seeds' interactive client done right. Full duplex: one thread
 * copies stdin lines to the socket, another prints what arrives as it arrives (so a chat works).
 * At stdin EOF (or after sending {@code exit}) it half-closes and keeps printing until the server
 * closes or {@code --wait} passes, so {@code echo hi | netbus tcp HOST PORT} prints the reply.
 * Plain blocking sockets: no event loop to block.
 */
@Command(name = "tcp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Interactive TCP client: stdin lines out, replies to stdout as they arrive.",
        "Stdin EOF or a line 'exit' (which is sent) half-closes; replies are printed until the server closes "
            + "or --wait passes. In raw framing, lines queued on stdin (piped input) are sent one reply apart "
            + "(at most 0.5 s each), as raw servers take each read chunk as one message."},
    footer = {"%nExamples:", "  echo hello | netbus tcp 127.0.0.1 50007", "  netbus tcp 127.0.0.1 8080",
        "  netbus tcp --framing length 127.0.0.1 7001", "  netbus tcp unix:/run/app.sock"})
public final class TcpCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "HOST",
      description = "Host name or address (IPv6 too, e.g. ::1), or unix:/path for a unix domain socket (no PORT).")
  String host;

  @Parameters(index = "1", paramLabel = "PORT", arity = "0..1", description = "TCP port (not with unix:/path).")
  Integer port;

  @Option(names = "--framing", paramLabel = "FRAMING", defaultValue = "raw",
      description = "raw (default: lines sent as typed, bytes printed as received, like nc), "
          + "line (same on the wire), or length (each line sent as one 4-byte-length frame, each frame printed "
          + "as a line).")
  String framing;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "2",
      description = "After stdin ends, keep printing replies this long unless the server closes first "
          + "(default: ${DEFAULT-VALUE}).")
  double waitSeconds;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
  double connectTimeoutSeconds;

  @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "16777216",
      description = "Length framing: the largest frame accepted (default: ${DEFAULT-VALUE}).")
  int maxFrame;

  @Mixin
  ClientTlsOptions client;

  @Spec
  CommandSpec spec;

  /** Stdin and stdout; tests replace them. */
  InputStream in = System.in;
  OutputStream out = System.out;

  private volatile String readFailure;
  /** Whether any input was sent, and any byte came back: a peer that never answers is named. */
  private volatile boolean sentAny;
  private volatile boolean receivedAny;
  /** Released once per chunk received: raw framing paces queued lines on it. */
  private final Semaphore replies = new Semaphore(0);

  @Override
  public Integer call() throws Exception {
    boolean unix = ForwardTarget.isUnix(host);
    if (unix && port != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "PORT: a unix socket (" + host + ") has no port");
    }
    if (unix && host.length() == ForwardTarget.UNIX.length()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "HOST: " + host + " names no path (unix:/path)");
    }
    if (!unix && port == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "PORT is required (or give HOST as unix:/path)");
    }
    if (!unix && (port < 1 || port > 65535)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "PORT: " + port + " is not a port (1-65535)");
    }
    if (waitSeconds < 0 || connectTimeoutSeconds <= 0 || maxFrame <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--wait must be >= 0, --connect-timeout and --max-frame > 0");
    }
    client.refuseToken(spec, "a TCP service listener takes no token (tokens are for the bridge and exchange listeners)");
    Framing kind = Framing.of(framing);
    PrintWriter err = spec.commandLine().getErr();
    ClientLink socket;
    Socket plain = null;
    try {
      if (unix) {
        socket = ClientLink.unix(host.substring(ForwardTarget.UNIX.length()));
      } else {
        plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeoutSeconds * 1000));
        Socket connected = plain;
        if (client.tls.enabled()) {
          plain.setSoTimeout((int) Math.max(1, connectTimeoutSeconds * 1000));
          connected = client.tls.wrap(spec, plain, host, port);
          plain.setSoTimeout(0);
        }
        socket = ClientLink.of(connected);
      }
    } catch (UnknownHostException e) {
      closeQuietly(plain);
      err.println("netbus: cannot connect to " + peer() + ": unknown host");
      return ExitCodes.FAILURE;
    } catch (IOException | java.security.GeneralSecurityException e) {
      closeQuietly(plain);
      String tls = unix ? null : client.tls.tlsFailure(peer(), e);
      err.println(tls != null ? "netbus: " + tls
          : "netbus: cannot connect to " + peer() + ": " + (unix && e instanceof IOException io ? unixProblem(io) : e.getMessage()));
      return ExitCodes.FAILURE;
    }
    ClientLink connected = socket;
    CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    CompletableFuture<Void> inputDone = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyReplies(connected, kind, serverClosed), "netbus-tcp-reader");
    Thread writer = new Thread(() -> copyInput(connected, kind, inputDone), "netbus-tcp-stdin");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
    boolean serverEnded = false;
    try {
      CompletableFuture.anyOf(serverClosed, inputDone).join();
      if (!serverClosed.isDone()) {
        try {
          serverClosed.get((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // the server keeps the connection open: we waited long enough
        }
      }
      serverEnded = serverClosed.isDone();
    } finally {
      socket.close();
      reader.join(1000);
      out.flush();
    }
    if (readFailure != null) {
      err.println("netbus: connection to " + peer() + " failed: " + readFailure);
      return ExitCodes.FAILURE;
    }
    if (sentAny && !receivedAny && !serverEnded) {
      err.println("netbus tcp: nothing came back from " + peer() + " within " + waitSeconds
          + " s of the end of input (it accepted the connection but never answered; --wait waits longer)");
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to add to the failure being reported
      }
    }
  }

  private String peer() {
    if (ForwardTarget.isUnix(host)) {
      return host;
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The JDK says little for a unix socket that is not there ("No such file or directory" at best). */
  private static String unixProblem(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("No such file")) {
      return "no such socket file";
    }
    if (m.contains("Connection refused")) {
      return "nothing listens on it (connection refused)";
    }
    return m;
  }

  /** Socket → stdout, as bytes arrive (length framing: one frame per line). */
  private void copyReplies(ClientLink socket, Framing kind, CompletableFuture<Void> serverClosed) {
    FrameDecoder decoder = kind == Framing.LENGTH ? kind.decoder(maxFrame) : null;
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream from = socket.in();
      for (int n; (n = from.read(buf)) >= 0; ) {
        receivedAny = true;
        if (decoder == null) {
          out.write(buf, 0, n);
        } else {
          decoder.decode(Buffer.buffer(Arrays.copyOf(buf, n)), frame -> {
            try {
              out.write(frame.getBytes());
              out.write('\n');
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }
        out.flush();
        replies.release();
      }
    } catch (FrameTooLongException e) {
      readFailure = e.getMessage();
    } catch (IOException | java.io.UncheckedIOException e) {
      if (!socket.isClosed()) {
        readFailure = e.getMessage();
      }
    } finally {
      serverClosed.complete(null);
    }
  }

  /** Stdin lines → socket; {@code exit} is sent, then ends the input like EOF does. */
  private void copyInput(ClientLink socket, Framing kind, CompletableFuture<Void> inputDone) {
    try {
      OutputStream to = socket.out();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      byte[] buf = new byte[8 * 1024];
      boolean exit = false;
      boolean first = true;
      for (int n; !exit && (n = in.read(buf)) >= 0; ) {
        for (int i = 0; i < n && !exit; i++) {
          line.write(buf[i]);
          if (buf[i] == '\n') {
            if (kind == Framing.RAW && first && i + 1 < n) {
              // piped input to a raw server: let a banner (greet's welcome) arrive first, so it is not
              // taken for the reply to the first line
              replies.tryAcquire(RAW_BANNER_MS, TimeUnit.MILLISECONDS);
            }
            first = false;
            replies.drainPermits();
            exit = send(to, kind, line.toByteArray());
            to.flush();
            line.reset();
            if (kind == Framing.RAW && !exit && i + 1 < n) {
              // Raw servers take each read chunk as one message (the seeds' recv(1024)): when lines are
              // queued (piped input), wait for the reply to this one, as the seeds' clients do.
              replies.tryAcquire(RAW_PACE_MS, TimeUnit.MILLISECONDS);
            }
          }
        }
      }
      if (!exit && line.size() > 0) {
        send(to, kind, line.toByteArray());
        to.flush();
      }
      socket.shutdownOutput(); // TLS has no half-close: there the reader waits for --wait or the server
    } catch (IOException e) {
      // the server went away: the reader reports it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inputDone.complete(null);
    }
  }

  /** Sends one input line (with its newline, if any) in the framing; true when it was {@code exit}. */
  private boolean send(OutputStream to, Framing kind, byte[] line) throws IOException {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\n') {
      end--;
      if (end > 0 && line[end - 1] == '\r') {
        end--;
      }
    }
    byte[] content = Arrays.copyOf(line, end);
    sentAny = true;
    if (kind == Framing.LENGTH) {
      to.write(kind.encode(Buffer.buffer(content)).getBytes());
    } else if (kind == Framing.LINE) {
      to.write(content);
      to.write('\n');
    } else {
      to.write(line);
    }
    return Arrays.equals(content, EXIT);
  }

  private static final byte[] EXIT = {'e', 'x', 'i', 't'};
  /** Raw framing: how long a queued line waits for the previous line's reply. */
  static final long RAW_PACE_MS = 500;
  /** Raw framing, piped input: how long to wait for a banner before the first line. */
  static final long RAW_BANNER_MS = 200;
}
