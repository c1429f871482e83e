package io.netbus.file.client;

/** Told, on the event loop, how far a transfer got: {@code position} bytes of {@code size}. */
@FunctionalInterface
public interface Progress {

  Progress NONE = (position, size) -> { };

  void update(long position, long size);
}
