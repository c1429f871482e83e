package io.netbus.console;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through its DevTools protocol over a Vert.x WebSocket, so a test can
 * type into a page as a user would: start the browser, open a page, evaluate JavaScript (waiting
 * on its promise), insert text at the focus. One page per instance; {@link #close} ends the
 * browser process.
 */
final class DevTools {

  /** The DevTools WebSocket clients, kept referenced (see {@link Held}). */
  private static final Held CLIENTS = new Held();

  private static final String LISTENING = "DevTools listening on ";

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, Promise<JsonObject>> pending = new HashMap<>();
  private int nextId = 1;
  private String session;

  private DevTools(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
    socket.textMessageHandler(this::onMessage);
  }

  /** Starts Chromium with a fresh {@code profile} and connects to it. */
  static Future<DevTools> start(Vertx vertx, Path chromium, Path profile) {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
        "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profile, "about:blank"));
    Promise<String> endpoint = Promise.promise();
    Process process;
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    // Chromium says where it listens on its output; the rest of its output is drained and dropped.
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          int at = line.indexOf(LISTENING);
          if (at >= 0) {
            endpoint.tryComplete(line.substring(at + LISTENING.length()).trim());
          }
        }
      } catch (IOException e) {
        endpoint.tryFail(e);
      }
      endpoint.tryFail("Chromium ended before it listened");
    }, "chromium-output");
    reader.setDaemon(true);
    reader.start();
    return endpoint.future()
        .compose(url -> {
          URI uri = URI.create(url);
          return CLIENTS.keep(vertx.createWebSocketClient()).connect(new WebSocketConnectOptions().setHost(uri.getHost())
              .setPort(uri.getPort()).setURI(uri.getPath()));
        })
        .map(ws -> new DevTools(process, ws))
        .onFailure(err -> process.destroyForcibly());
  }

  /**
   * Opens {@code url} in a new page; later calls go to that page. The page is attached to while
   * blank and navigated after, so no later call runs in a document that is about to go away.
   */
  Future<Void> open(String url) {
    return call("Target.createTarget", new JsonObject().put("url", "about:blank"))
        .compose(r -> call("Target.attachToTarget", new JsonObject().put("targetId", r.getString("targetId"))
            .put("flatten", true)))
        .compose(r -> {
          session = r.getString("sessionId");
          return call("Page.navigate", new JsonObject().put("url", url)); // answers once the new document is committed
        })
        .compose(r -> r.containsKey("errorText") ? Future.failedFuture("cannot open " + url + ": " + r.getString("errorText"))
            : Future.<Void>succeededFuture());
  }

  /** Evaluates {@code expression} in the page, waiting for it when it is a promise; its value. */
  Future<Object> eval(String expression) {
    return call("Runtime.evaluate", new JsonObject().put("expression", expression).put("awaitPromise", true)
        .put("returnByValue", true))
        .compose(r -> r.containsKey("exceptionDetails")
            ? Future.failedFuture("page script failed: " + r.getJsonObject("exceptionDetails").encode())
            : Future.succeededFuture(r.getJsonObject("result").getValue("value")));
  }

  /** Evaluates until {@code condition} is true in the page (checked every 50 ms there). */
  Future<Object> waitFor(String condition) {
    return eval("new Promise(function (done) { var t = setInterval(function () { if (" + condition
        + ") { clearInterval(t); done(true); } }, 50); })");
  }

  /** Types {@code text} into the focused element, as a keyboard would. */
  Future<JsonObject> type(String text) {
    return call("Input.insertText", new JsonObject().put("text", text));
  }

  /** Ends the browser. */
  void close() throws InterruptedException {
    socket.close();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private Future<JsonObject> call(String method, JsonObject params) {
    int id = nextId++;
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    Promise<JsonObject> reply = Promise.promise();
    pending.put(id, reply);
    socket.writeTextMessage(message.encode()).onFailure(reply::tryFail);
    return reply.future();
  }

  private void onMessage(String text) {
    JsonObject message = new JsonObject(text);
    Promise<JsonObject> reply = message.containsKey("id") ? pending.remove(message.getInteger("id")) : null;
    if (reply == null) {
      return; // an event; none is subscribed to
    }
    if (message.containsKey("error")) {
      reply.fail(message.getJsonObject("error").encode());
    } else {
      reply.complete(message.getJsonObject("result", new JsonObject()));
    }
  }
}
