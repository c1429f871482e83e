package io.netbus.bench;

/** What a correct reply is, given the message: the echo service's or the upper service's answer. */
public enum Expect {
  ECHO,
  UPPER;

  public byte[] reply(byte[] payload) {
    if (this == ECHO) {
      return payload;
    }
    byte[] out = payload.clone();
    for (int i = 0; i < out.length; i++) {
      byte b = out[i];
      if (b >= 'a' && b <= 'z') {
        out[i] = (byte) (b - 32);
      }
    }
    return out;
  }

  public static Expect parse(String text) {
    for (Expect e : values()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException("--expect: '" + text + "' is not one of echo, upper");
  }
}
