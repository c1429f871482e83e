package io.netbus.bench;

/**
 * A ring of distinct ASCII messages (lower-case letters only, so the upper service changes every
 * byte and no message contains a line break). Consecutive messages differ, so a dropped,
 * duplicated or reordered reply within the ring's length is caught by the verifier.
 */
public final class Payloads {

  private final byte[][] messages;
  private final byte[][] replies;

  public Payloads(int count, int size, Expect expect) {
    if (count < 1 || size < 1) {
      throw new IllegalArgumentException("payloads: count and size must be positive");
    }
    messages = new byte[count][];
    replies = new byte[count][];
    for (int i = 0; i < count; i++) {
      messages[i] = message(i, size);
      replies[i] = expect.reply(messages[i]);
    }
  }

  /** Message {@code index}: its index in base 26 first, then a rotating alphabet. */
  public static byte[] message(long index, int size) {
    byte[] out = new byte[size];
    long n = index;
    int digits = Math.min(size, 6);
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = (byte) ('a' + (n % 26));
      n /= 26;
    }
    for (int i = digits; i < size; i++) {
      out[i] = (byte) ('a' + ((index + i) % 26));
    }
    return out;
  }

  public int count() {
    return messages.length;
  }

  public byte[] message(int i) {
    return messages[i];
  }

  public byte[] reply(int i) {
    return replies[i];
  }
}
