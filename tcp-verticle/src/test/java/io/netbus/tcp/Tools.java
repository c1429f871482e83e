package io.netbus.tcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs third-party command-line clients (openssl, ncat, socat, python3) for tests; skips when absent. */
final class Tools {

  record Result(int exit, String output) {
  }

  private Tools() {
  }

  static void assumeInstalled(String tool, String... versionArgs) {
    boolean present;
    try {
      Process p = new ProcessBuilder(concat(tool, versionArgs)).redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().readAllBytes();
      present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    assumeTrue(present, tool + " is not installed");
  }

  /** Runs {@code command} in {@code dir} with {@code stdin}; output and errors together; at most 30 s. */
  static Result run(Path dir, String stdin, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException(String.join(" ", command) + " did not finish in 30 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }

  private static List<String> concat(String first, String... rest) {
    java.util.ArrayList<String> list = new java.util.ArrayList<>();
    list.add(first);
    list.addAll(List.of(rest));
    return list;
  }
}
