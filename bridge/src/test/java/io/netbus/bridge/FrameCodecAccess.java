package io.netbus.bridge;

import io.netbus.contract.bridge.FrameCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Encoded frames for tests that write raw bytes. */
final class FrameCodecAccess {

  private FrameCodecAccess() {
  }

  static Buffer ping() {
    return FrameCodec.encode(new JsonObject().put("type", "ping"));
  }
}
