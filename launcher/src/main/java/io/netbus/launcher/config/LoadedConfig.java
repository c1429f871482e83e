package io.netbus.launcher.config;

import io.vertx.core.json.JsonObject;

/**
 * The node's whole config after overrides, where it came from (for error lines) and whether it is
 * the built-in default (which may create its sample data).
 */
public record LoadedConfig(JsonObject json, String source, boolean isDefault) {
}
