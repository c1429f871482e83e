package io.netbus.launcher.cli;

import io.netbus.bridge.client.BridgeClient;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed bus operation in a user's words. The bridge relays Vert.x's {@code ReplyException}
 * as it is ({@code Timed out after waiting 200(ms) for a reply. address: __vertx.reply.2, ...
 * [TIMEOUT -1]}); the CLI says what it means for the address the user named instead: nobody
 * answered in time (and, for file transfers, that the transfer may still be running), nothing
 * consumes that address, or the consumer failed with this message and code. Vert.x's internal
 * reply addresses never reach the user.
 */
final class BusErrors {

  private static final Pattern WAITED = Pattern.compile("waiting (\\d+)\\s*\\(ms\\)");
  private static final Pattern REFUSED = Pattern.compile("Connection refused: \\S*/\\S+");
  private static final Pattern INTERNAL = Pattern.compile(",?\\s*(address|repliedAddress): __vertx\\.reply\\.\\S*");

  private BusErrors() {
  }

  /** One line for {@code cause}; {@code address} is the one the user named (null when none). */
  static String describe(Throwable cause, String address) {
    if (cause instanceof BridgeClient.BridgeException be) {
      return describe(be.frame(), address);
    }
    return scrub(cause.getMessage() == null ? cause.toString() : cause.getMessage());
  }

  static String describe(JsonObject err, String address) {
    String type = err.getString("failureType");
    String message = err.getString("message", "error");
    String where = err.getString("sourceAddress", address);
    if (type == null || where == null) {
      return scrub(message) + (err.getString("detail") == null ? "" : " (" + err.getString("detail") + ")");
    }
    return switch (type) {
      case "TIMEOUT" -> {
        Matcher m = WAITED.matcher(message);
        String within = m.find() ? " within " + m.group(1) + " ms" : " in time";
        yield "no reply from " + where + within + (where.startsWith("netbus.file.")
            ? "; the transfer may still be running: send it with \"wait\": false and follow netbus.file.progress"
            : "; raise --timeout if it is slow");
      }
      case "NO_HANDLERS" -> "nothing consumes " + where + " (no handler for that address on the bus)";
      case "RECIPIENT_FAILURE" -> where + " failed: " + scrub(message) + " (code " + err.getValue("failureCode") + ")";
      default -> scrub(message);
    };
  }

  /**
   * Drops Vert.x's internal reply addresses from a message, and the address Netty repeats after
   * "Connection refused" (the line already names it).
   */
  static String scrub(String message) {
    return REFUSED.matcher(INTERNAL.matcher(message).replaceAll("")).replaceAll("connection refused (nothing listens there)");
  }
}
