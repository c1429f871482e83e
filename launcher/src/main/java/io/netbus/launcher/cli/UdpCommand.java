package io.netbus.launcher.cli;

import io.netbus.udp.UdpListenerConfig;
import io.netbus.udp.UdpListenerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netbus udp HOST PORT}: seed 002's UDP client done right. Each stdin line (without its line
 * break) is one datagram to HOST:PORT, sent from one ephemeral socket; every datagram HOST:PORT
 * sends back is printed as it arrives. When a datagram has had no reply within {@code --timeout},
 * a notice goes to stderr. At stdin EOF it waits up to {@code --wait} for the replies still due,
 * and exits as soon as every datagram has had one.
 *
 * <p>Threads: stdin is read and datagrams sent from the calling thread; the socket's event loop
 * only queues what arrives (bounded) for one printer thread, which owns stdout and stderr.
 */
@Command(name = "udp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Interactive UDP client: each stdin line is one datagram, replies printed.",
    footer = {"%nExamples:",
        "  echo Michael | netbus udp 127.0.0.1 9999        prints Hello, Michael!",
        "  netbus udp --timeout 500 127.0.0.1 9999         type lines; Ctrl-D ends",
        "%nOnly datagrams from HOST:PORT are printed (a multicast HOST accepts any sender). UDP may lose packets: "
            + "a datagram without a reply gets a notice on stderr, not a retry. Exit status 0 even then; 1 when "
            + "sending fails."})
public final class UdpCommand implements java.util.concurrent.Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(UdpCommand.class);
  private static final int PRINT_QUEUE = 1024;
  private static final long SEND_TIMEOUT_MS = 10_000;

  @Parameters(index = "0", paramLabel = "HOST", description = "Host name or address to send to.")
  String host;

  @Parameters(index = "1", paramLabel = "PORT", description = "UDP port to send to.")
  int port;

  @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000",
      description = "Notice on stderr when a datagram has no reply within MS milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "2",
      description = "At end of input, wait at most this long for replies still due (default: ${DEFAULT-VALUE}).")
  double waitSeconds;

  // The streams are fields so tests can drive the command without touching System.in/out.
  InputStream in = System.in;
  PrintStream out = System.out;
  PrintStream err = System.err;

  private final BlockingQueue<Object> printQueue = new ArrayBlockingQueue<>(PRINT_QUEUE);
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong lostToPrinting = new AtomicLong();
  private final Object progress = new Object();

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      err.println("netbus udp: " + port + " is not a port (1-65535)");
      return ExitCodes.USAGE;
    }
    if (timeoutMs < 1 || waitSeconds < 0) {
      err.println("netbus udp: --timeout must be at least 1 ms and --wait at least 0 s");
      return ExitCodes.USAGE;
    }
    InetAddress target;
    try {
      target = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      err.println("netbus udp: unknown host " + host);
      return ExitCodes.FAILURE;
    }
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)).build();
    Thread printer = new Thread(this::print, "netbus-udp-printer");
    printer.setDaemon(true);
    printer.start();
    try {
      boolean ipV6 = target instanceof Inet6Address;
      DatagramSocket socket = vertx.createDatagramSocket(UdpListenerVerticle.socketOptions(ipV6));
      socket.handler(packet -> onPacket(packet, target));
      await(socket.listen(0, ipV6 ? "::" : "0.0.0.0"));
      String peer = (ipV6 ? "[" + target.getHostAddress() + "]" : target.getHostAddress()) + ":" + port;
      long total = sendLines(vertx, socket, target.getHostAddress(), peer);
      awaitReplies(total);
      if (total > 0 && replies.get() == 0) {
        // not one reply: nothing answers there (a closed port, or a peer that does not speak UDP)
        notice("netbus udp: nothing answered at " + peer + " (" + total + " datagram" + (total == 1 ? "" : "s")
            + " sent, no reply within " + waitSeconds + " s)");
        return ExitCodes.FAILURE;
      }
      if (replies.get() < total) {
        notice("netbus udp: " + (total - replies.get()) + " of " + total + " datagrams got no reply from " + peer
            + " (UDP may lose packets)");
      }
      return ExitCodes.OK;
    } catch (SendFailed e) {
      notice("netbus udp: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      stopPrinter(printer);
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.debug("vert.x did not close cleanly", e);
      }
    }
  }

  /** Reads stdin to EOF, one datagram per line; returns how many were sent. */
  private long sendLines(Vertx vertx, DatagramSocket socket, String address, String peer) throws IOException,
      InterruptedException, SendFailed {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    long n = 0;
    while ((line = reader.readLine()) != null) {
      Buffer datagram = Buffer.buffer(line, "UTF-8");
      if (datagram.length() > UdpListenerConfig.MAX_UDP_PAYLOAD) {
        notice("netbus udp: line " + (n + 1) + " skipped: " + datagram.length() + " bytes, a datagram holds at most "
            + UdpListenerConfig.MAX_UDP_PAYLOAD);
        continue;
      }
      try {
        await(socket.send(datagram, port, address));
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new SendFailed("cannot send to " + peer + ": " + (cause.getMessage() == null ? cause : cause.getMessage()));
      }
      long seq = ++n;
      vertx.setTimer(timeoutMs, id -> {
        long got = replies.get();
        if (got < seq) {
          notice("netbus udp: datagram " + seq + " got no reply within " + timeoutMs + " ms (" + seq + " sent, "
              + got + " replies so far); UDP may lose packets, or nothing answers on " + peer);
        }
      });
    }
    return n;
  }

  private void awaitReplies(long total) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
    synchronized (progress) {
      long left;
      while (replies.get() < total && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
  }

  /** On the socket's event loop: never blocks; a reply that finds the print queue full is counted and dropped. */
  private void onPacket(DatagramPacket packet, InetAddress target) {
    if (!target.isMulticastAddress() && !fromTarget(packet, target)) {
      LOG.debug("ignored a datagram from {}:{}", packet.sender().host(), packet.sender().port());
      return;
    }
    if (!printQueue.offer(packet.data())) {
      lostToPrinting.incrementAndGet();
    }
    replies.incrementAndGet();
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private boolean fromTarget(DatagramPacket packet, InetAddress target) {
    if (packet.sender().port() != port) {
      return false;
    }
    try {
      // the sender's host is a literal address: no name lookup happens here
      return InetAddress.getByName(packet.sender().host()).equals(target);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private void notice(String line) {
    if (!printQueue.offer(new Notice(line))) {
      lostToPrinting.incrementAndGet();
    }
  }

  /** The printer thread: replies to stdout (each on its own line), notices to stderr. */
  private void print() {
    try {
      while (true) {
        Object item = printQueue.take();
        if (item == Stop.STOP) {
          return;
        }
        if (item instanceof Notice notice) {
          err.println(notice.line());
          err.flush();
        } else if (item instanceof Buffer reply) {
          byte[] bytes = reply.getBytes();
          out.write(bytes, 0, bytes.length);
          if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            out.write('\n');
          }
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopPrinter(Thread printer) throws InterruptedException {
    if (!printQueue.offer(Stop.STOP, 2, TimeUnit.SECONDS)) {
      printer.interrupt();
    }
    printer.join(TimeUnit.SECONDS.toMillis(5));
    long lost = lostToPrinting.get();
    if (lost > 0) {
      err.println("netbus udp: " + lost + " replies or notices not printed: output could not keep up");
    }
  }

  private static <T> T await(Future<T> future) throws ExecutionException, InterruptedException, TimeoutException {
    return future.toCompletionStage().toCompletableFuture().get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private record Notice(String line) {
  }

  private enum Stop { STOP }

  private static final class SendFailed extends Exception {
    SendFailed(String message) {
      super(message, null, false, false);
    }
  }
}
