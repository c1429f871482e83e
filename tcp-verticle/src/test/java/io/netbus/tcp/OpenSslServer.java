package io.netbus.tcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server -rev} on an ephemeral port as a TLS target: it answers each line with
 * the line reversed. Started from {@code dir} with {@code NAME.crt}/{@code NAME.key}; closed
 * (the process killed) by {@link #close}.
 */
final class OpenSslServer implements AutoCloseable {

  private static final Pattern ACCEPT = Pattern.compile("^ACCEPT .*:(\\d+)$");

  private final Process process;
  private final int port;

  private OpenSslServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static OpenSslServer start(Path dir, String name) throws Exception {
    Tools.assumeInstalled("openssl", "version");
    List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "0", "-cert", name + ".crt",
        "-key", name + ".key", "-rev"));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          Matcher m = ACCEPT.matcher(line.trim());
          if (m.matches()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
        port.completeExceptionally(new IOException("openssl s_server ended without listening"));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    }, "openssl-s_server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new OpenSslServer(p, port.get(20, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      assumeTrue(false, "openssl s_server did not start: " + e);
      throw e;
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
