package io.netbus.security;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;

/**
 * Sends a file on a socket that may speak TLS. Plaintext sockets get Vert.x's zero-copy
 * {@code sendFile}; a TLS socket cannot use a file region (the bytes must pass through the
 * cipher), and Vert.x then reads and flushes 8 KiB at a time, a write system call and a short TLS
 * record per 8 KiB. Here a TLS socket gets {@link #TLS_CHUNK} bytes per read and flush instead,
 * cut into full-size records, still paced by the peer (a chunk is read only while the channel is
 * writable, so memory stays bounded by the chunk and the socket's write queue).
 */
public final class FileSends {

  /** Bytes read from the file and encrypted per flush on a TLS socket. */
  public static final int TLS_CHUNK = 128 * 1024;

  private FileSends() {
  }

  /** Like {@link NetSocket#sendFile(String, long, long)}; larger chunks when the socket speaks TLS. */
  public static Future<Void> sendFile(NetSocket socket, Path file, long offset, long length) {
    return ServerTlsAdapter.sendFile(socket, file, offset, length, TLS_CHUNK);
  }

  /** The whole file. */
  public static Future<Void> sendFile(NetSocket socket, Path file) {
    return sendFile(socket, file, 0, Long.MAX_VALUE);
  }
}
