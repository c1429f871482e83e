package io.netbus.security;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl CLI for tests, skipping the test when it is not installed. */
final class OpenSsl {

  record Result(int exit, String output) {
  }

  private OpenSsl() {
  }

  static void assumeInstalled() {
    boolean present;
    try {
      present = run(null, null, "version").exit() == 0;
    } catch (IOException e) {
      present = false;
    }
    assumeTrue(present, "openssl is not installed");
  }

  /** Runs {@code openssl args...} in {@code dir}, feeding {@code stdin}; output and errors together. */
  static Result run(Path dir, String stdin, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    try {
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("openssl " + String.join(" ", args) + " did not finish in 30 s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
