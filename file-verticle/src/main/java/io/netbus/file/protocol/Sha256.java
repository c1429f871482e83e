package io.netbus.file.protocol;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: incremental digests over buffers in flight, and file prefixes (blocking). */
public final class Sha256 {

  private static final int READ_CHUNK = 1 << 20;
  /** Enough calls for the JIT's top tier (a few thousand invocations), about 2 MB hashed. */
  private static final int WARM_UP_UPDATES = 12_000;
  private static final java.util.concurrent.atomic.AtomicBoolean WARMED_UP = new java.util.concurrent.atomic.AtomicBoolean();

  private Sha256() {
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  public static void update(MessageDigest digest, Buffer chunk) {
    // Buffer.getBytes copies; the Netty buffer's NIO view lets the digest read in place.
    digest.update(FileInternals.nioView(chunk));
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String hex(String text) {
    MessageDigest d = newDigest();
    d.update(text.getBytes(StandardCharsets.UTF_8));
    return hex(d);
  }

  public static boolean isHex(String s) {
    return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** Feeds the first {@code length} bytes of {@code file} into {@code digest}. Blocking: worker threads only. */
  public static void updateFromFile(MessageDigest digest, Path file, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(READ_CHUNK);
      long left = length;
      long pos = 0;
      while (left > 0) {
        buf.clear();
        if (left < buf.capacity()) {
          buf.limit((int) left);
        }
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
        buf.flip();
        digest.update(buf);
        pos += n;
        left -= n;
      }
    }
  }

  /**
   * Gets the JIT to compile the hashing path (and so the SHA-256 instructions' intrinsic) now, on
   * a daemon thread, instead of a second into the first transfer: a fresh JVM's compiler queue is
   * busy with start-up code by then, and until the compiler gets to it the digest runs as plain
   * Java at a fraction of the speed. A few thousand small updates through the same direct-buffer
   * path the transfers use cost milliseconds.
   */
  public static void warmUpInBackground() {
    if (!WARMED_UP.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(() -> {
      MessageDigest digest = newDigest();
      ByteBuffer block = ByteBuffer.allocateDirect(4096);
      for (int i = 0; i < WARM_UP_UPDATES; i++) {
        block.clear().limit(128 + (i & 7) * 64);
        digest.update(block);
      }
      digest.digest();
    }, "netbus-sha256-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** SHA-256 of a whole file. Blocking: worker threads only. */
  public static String ofFile(Path file, long length) throws IOException {
    MessageDigest d = newDigest();
    updateFromFile(d, file, length);
    return hex(d);
  }
}
