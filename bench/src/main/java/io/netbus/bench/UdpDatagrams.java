package io.netbus.bench;

/**
 * The UDP bench's datagrams: each carries its sequence number in its first {@link #HEADER} bytes
 * as letters a-p (one per nibble, so an upper-casing server keeps it readable), then a rotating
 * alphabet, so every reply is matched to its datagram whatever the order.
 */
final class UdpDatagrams {

  static final int HEADER = 16;

  private UdpDatagrams() {
  }

  /** Datagram {@code seq}: its number as 16 letters a-p (one per nibble), then a rotating alphabet. */
  static byte[] message(long seq, int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < HEADER; i++) {
      out[i] = (byte) ('a' + ((seq >>> (4 * (HEADER - 1 - i))) & 0xf));
    }
    for (int i = HEADER; i < size; i++) {
      out[i] = (byte) ('a' + ((seq + i) % 26));
    }
    return out;
  }

  /** The sequence number a datagram (or its upper-cased reply) carries, or -1 when it carries none. */
  static long sequence(byte[] b, int from) {
    long seq = 0;
    for (int i = 0; i < HEADER; i++) {
      int nibble = (b[from + i] | 0x20) - 'a';
      if (nibble < 0 || nibble > 15) {
        return -1;
      }
      seq = (seq << 4) | nibble;
    }
    return seq;
  }
}
