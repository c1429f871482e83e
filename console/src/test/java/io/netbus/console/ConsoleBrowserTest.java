package io.netbus.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netbus.contract.stats.ListenerStats;
import io.netbus.contract.stats.NodeStats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console page in headless Chromium (Debian package chromium): after the page's scripts ran,
 * the DOM shows the node, its listener with its live connection count, the charts, a transfer,
 * and chat lines published on the bus arriving in the live tail (through the SockJS bridge). Saves
 * screenshots at desktop and phone width in {@code target/console-*.png}. Tagged {@code browser}
 * ({@code -Dgroups=browser} runs it alone); skipped without Chromium.
 */
@Tag("browser")
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ConsoleBrowserTest {

  private static final long CHROMIUM_SECONDS = 60;

  @Test
  void thePageShowsTheNodeItsListenersAndCharts(Vertx vertx, VertxTestContext ctx) {
    Path chromium = Tools.find("chromium", "chromium-browser", "google-chrome");
    assumeTrue(chromium != null, "Chromium not installed (apt-get install chromium)");
    ConsoleNode node = ConsoleNode.create();
    ListenerStats chat = NodeStats.of(node.vertx).retain("tcp", "chat").address("127.0.0.1:8080");
    chat.opened();
    chat.opened();
    chat.frameIn(12);
    NodeStats.of(node.vertx).retain("udp", "greet").address("127.0.0.1:9999");
    NodeStats.of(node.vertx).startTransfer("files", "big.iso", "put", 1000).progress(400);
    // A chat line every 100 ms while the browser runs, for the live tail to show.
    long ticker = node.vertx.setPeriodic(100, id -> {
      chat.frameIn(17);
      chat.frameOut(34);
      node.vertx.eventBus().publish("netbus.tcp.chat.in",
          new JsonObject().put("listener", "chat").put("connection", "c-1").put("text", "hello from alice"));
    });
    node.deploy(new JsonObject())
        .compose(n -> vertx.executeBlocking(() -> {
          String url = "http://127.0.0.1:" + n.port() + "/#tail=netbus.tcp.chat.in";
          Path target = Path.of("target");
          Files.createDirectories(target);
          Path profile = Files.createTempDirectory("netbus-chromium");
          try {
            screenshot(chromium, profile, url, target.resolve("console-desktop.png"), "1280,1100");
            screenshot(chromium, profile, url, target.resolve("console-phone.png"), "390,1600");
            return Tools.run(command(chromium, profile, "--dump-dom", url), null, CHROMIUM_SECONDS);
          } finally {
            Tools.deleteTree(profile);
          }
        }))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          String dom = result.out();
          assertThat(dom).contains("data-node=\"local\"");
          assertThat(dom).contains("data-listener=\"tcp/chat\"").contains("data-listener=\"udp/greet\"");
          assertThat(dom).containsPattern("data-listener=\"tcp/chat\">.*?<td class=\"num connections\">2</td>");
          assertThat(dom).contains("class=\"uplot").contains("<canvas");
          assertThat(dom).contains("big.iso");
          assertThat(dom).contains(">live<");
          assertThat(dom).contains("tailing netbus.tcp.chat.in").contains("c-1 hello from alice");
          node.vertx.cancelTimer(ticker);
          node.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void withAnAuthSectionThePageSignsInWithAClientsTokenAndSaysWhenItIsWrong(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path chromium = Tools.find("chromium", "chromium-browser", "google-chrome");
    assumeTrue(chromium != null, "Chromium not installed (apt-get install chromium)");
    Path certs = Files.createTempDirectory("netbus-console-certs");
    ConsoleNode node = ConsoleNode.create(ConsoleCerts.make(certs).node(false, true), ConsoleContext.NONE);
    NodeStats.of(node.vertx).retain("tcp", "chat").address("127.0.0.1:8080").opened();
    node.deploy(new JsonObject())
        .compose(n -> vertx.executeBlocking(() -> {
          String base = "http://127.0.0.1:" + n.port() + "/";
          Path profile = Files.createTempDirectory("netbus-chromium");
          try {
            // a link that carries the token in its fragment signs the tab in (the page then drops it from the URL)
            String good = Tools.run(command(chromium, profile, "--dump-dom",
                base + "#token=" + ConsoleCerts.ALICE_TOKEN + "&tail=netbus.tcp.chat.in"), null, CHROMIUM_SECONDS).out();
            String wrong = Tools.run(command(chromium, profile, "--dump-dom", base + "#token=wrong"), null,
                CHROMIUM_SECONDS).out();
            String none = Tools.run(command(chromium, profile, "--dump-dom", base), null, CHROMIUM_SECONDS).out();
            return List.of(good, wrong, none);
          } finally {
            Tools.deleteTree(profile);
            Tools.deleteTree(certs);
          }
        }))
        .onComplete(ctx.succeeding(doms -> ctx.verify(() -> {
          String good = doms.get(0);
          assertThat(good).contains("data-listener=\"tcp/chat\"").contains(">live<");
          // (the lines arriving in the tail with a token: aUserTypesAWrongTokenIsToldSoThenTypesTheRightOne waits for them)
          assertThat(good).contains("tailing netbus.tcp.chat.in");
          assertThat(good).containsPattern("<form id=\"login\" hidden");
          String wrong = doms.get(1);
          assertThat(wrong).contains("That token was not accepted").doesNotContain("data-listener=");
          assertThat(wrong).containsPattern("<form id=\"login\">");
          assertThat(doms.get(2)).contains("This console needs the token of an auth client").doesNotContain("data-listener=");
          node.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void aUserTypesAWrongTokenIsToldSoThenTypesTheRightOne(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path chromium = Tools.find("chromium", "chromium-browser", "google-chrome");
    assumeTrue(chromium != null, "Chromium not installed (apt-get install chromium)");
    Path certs = Files.createTempDirectory("netbus-console-certs");
    Path profile = Files.createTempDirectory("netbus-chromium");
    ConsoleNode node = ConsoleNode.create(ConsoleCerts.make(certs).node(false, true), ConsoleContext.NONE);
    NodeStats.of(node.vertx).retain("tcp", "chat").address("127.0.0.1:8080").opened();
    long ticker = node.vertx.setPeriodic(100, id -> node.vertx.eventBus().publish("netbus.tcp.chat.in",
        new JsonObject().put("listener", "chat").put("connection", "c-3").put("text", "typed in")));
    DevTools[] browser = new DevTools[1];
    String signIn = "document.querySelector('#login button').click()";
    node.deploy(new JsonObject())
        .compose(n -> DevTools.start(vertx, chromium, profile))
        .compose(b -> {
          browser[0] = b;
          return b.open("http://127.0.0.1:" + node.port() + "/#tail=netbus.tcp.chat.in");
        })
        .compose(v -> browser[0].waitFor("!document.getElementById('login').hidden"))
        .compose(v -> browser[0].type("not-the-token"))
        .compose(v -> browser[0].eval(signIn))
        .compose(v -> browser[0].waitFor("document.getElementById('login-message').textContent.indexOf('not accepted') >= 0"))
        .compose(v -> browser[0].type(ConsoleCerts.ALICE_TOKEN))
        .compose(v -> browser[0].eval(signIn))
        .compose(v -> browser[0].waitFor("document.getElementById('tail').textContent.indexOf('c-3 typed in') >= 0"))
        .compose(v -> browser[0].eval("document.body.outerHTML"))
        .andThen(ar -> vertx.executeBlocking(() -> {
          if (browser[0] != null) {
            browser[0].close();
          }
          Tools.deleteTree(profile);
          Tools.deleteTree(certs);
          return null;
        }))
        .onComplete(ctx.succeeding(html -> ctx.verify(() -> {
          String dom = String.valueOf(html);
          assertThat(dom).contains("data-listener=\"tcp/chat\"").contains(">live<");
          assertThat(dom).contains("tailing netbus.tcp.chat.in");
          assertThat(dom).containsPattern("<form id=\"login\" hidden");
          node.vertx.cancelTimer(ticker);
          node.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  private static void screenshot(Path chromium, Path profile, String url, Path file, String size) throws Exception {
    Tools.run(command(chromium, profile, "--screenshot=" + file.toAbsolutePath(), "--window-size=" + size,
        "--hide-scrollbars", url), null, CHROMIUM_SECONDS);
  }

  private static List<String> command(Path chromium, Path profile, String... args) {
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
