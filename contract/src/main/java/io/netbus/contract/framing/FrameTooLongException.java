package io.netbus.contract.framing;

/**
 * A frame longer than the decoder's cap. Thrown as soon as the cap is known to be exceeded (a
 * length prefix over the cap, or more bytes than the cap without a delimiter), so a peer cannot
 * make the decoder buffer more than {@code maxFrame} bytes.
 */
public final class FrameTooLongException extends RuntimeException {

  private final long size;
  private final int maxFrame;

  public FrameTooLongException(long size, int maxFrame, boolean atLeast) {
    super("frame of " + (atLeast ? "more than " : "") + size + " bytes exceeds maxFrame " + maxFrame, null, false,
        false);
    this.size = size;
    this.maxFrame = maxFrame;
  }

  /** The frame's size, or how many bytes were seen before the cap was hit. */
  public long size() {
    return size;
  }

  public int maxFrame() {
    return maxFrame;
  }
}
