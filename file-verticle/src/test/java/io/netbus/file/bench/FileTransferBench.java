package io.netbus.file.bench;

import io.netbus.file.FileVerticle;
import io.netbus.file.client.FileClient;
import io.netbus.file.client.TransferResult;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Warm-JVM benchmark of the exchange protocol (not a test: run by file-verticle/bench/file-bench.sh
 * or by hand): a 1 GiB get and put over loopback between a FileVerticle and a FileClient in this
 * JVM, against nc and socat moving the same file in the same run. Prints seconds and ratios
 * (baseline time / netbus time) and the peak heap used. Deletes its files at the end.
 *
 * <pre>java -Xmx64m -cp ... io.netbus.file.bench.FileTransferBench DIR SIZE_MIB ROUNDS BASE_PORT</pre>
 */
public final class FileTransferBench {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/dev/shm/netbus-file-bench-jvm");
    long size = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int basePort = args.length > 3 ? Integer.parseInt(args[3]) : 43200;
    Path root = dir.resolve("root");
    Files.createDirectories(root);
    Path local = dir.resolve("local.bin");
    Vertx vertx = Vertx.vertx();
    try {
      writeRandom(local, size);
      Files.copy(local, root.resolve("src.bin"));
      JsonObject section = new JsonObject().put("root", root.toString()).put("listeners", new JsonArray()
          .add(new JsonObject().put("name", "files").put("port", 0).put("mode", "exchange")));
      FileVerticle verticle = new FileVerticle();
      await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(section)));
      int port = verticle.actualPorts().get("files");
      FileClient client = new FileClient(vertx);
      // warm-up: the JIT compiles the hot paths (and the server learns src.bin's SHA-256)
      for (int i = 0; i < 2; i++) {
        get(client, port, dir);
        put(client, port, local, root);
      }
      System.out.printf("file: %d MiB in %s; load %s%n", size >> 20, dir, Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.printf("%-6s %8s %8s %8s %8s %8s %8s %8s %8s%n", "round", "nc", "socat", "get", "put", "get/nc", "put/nc",
          "getCPU", "putCPU");
      for (int r = 1; r <= rounds; r++) {
        double nc = pipe(local, dir.resolve("nc.bin"),
            new String[] {"nc", "-N", "-l", "127.0.0.1", String.valueOf(basePort)},
            new String[] {"nc", "-d", "127.0.0.1", String.valueOf(basePort)});
        double socat = pipe(local, dir.resolve("socat.bin"),
            new String[] {"socat", "-u", "STDIN", "TCP-LISTEN:" + (basePort + 1) + ",reuseaddr,bind=127.0.0.1"},
            new String[] {"socat", "-u", "TCP:127.0.0.1:" + (basePort + 1), "STDOUT"});
        double c0 = cpuSeconds();
        double get = get(client, port, dir);
        double c1 = cpuSeconds();
        double put = put(client, port, local, root);
        double c2 = cpuSeconds();
        System.out.printf("%-6d %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f%n", r, nc, socat, get, put, nc / get, nc / put,
            c1 - c0, c2 - c1);
      }
      System.out.println("(getCPU/putCPU: CPU seconds this JVM, server and client together, spent on that transfer)");
      System.gc();
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf("max heap %d MiB, peak heap used (sum of pool peaks) %d MiB; load %s%n",
          Runtime.getRuntime().maxMemory() >> 20, peak >> 20, Files.readString(Path.of("/proc/loadavg")).trim());
      await(client.close());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      deleteTree(dir);
    }
  }

  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  private static double get(FileClient client, int port, Path dir) throws Exception {
    Path part = dir.resolve("get.part");
    long t0 = System.nanoTime();
    TransferResult r = await(client.download("127.0.0.1", port, "src.bin", part, false, (p, s) -> { }));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Files.delete(part);
    return check(r, seconds);
  }

  private static double put(FileClient client, int port, Path local, Path root) throws Exception {
    long t0 = System.nanoTime();
    TransferResult r = await(client.upload("127.0.0.1", port, local, "up.bin", false, (p, s) -> { }));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Files.delete(root.resolve("up.bin"));
    return check(r, seconds);
  }

  private static double check(TransferResult r, double seconds) {
    if (r.sha256() == null || r.sha256().length() != 64) {
      throw new IllegalStateException("no checksum in " + r);
    }
    return seconds;
  }

  /** Times a receiver process reading what a listening sender process serves from {@code file}. */
  private static double pipe(Path file, Path out, String[] sender, String[] receiver) throws Exception {
    Process s = new ProcessBuilder(sender).redirectInput(file.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Thread.sleep(300); // the bench's own sender must be listening; not a test
    long t0 = System.nanoTime();
    Process r = new ProcessBuilder(receiver).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!r.waitFor(120, TimeUnit.SECONDS)) {
      r.destroyForcibly();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    s.waitFor(10, TimeUnit.SECONDS);
    s.destroy();
    long got = Files.size(out);
    Files.delete(out);
    if (got != Files.size(file)) {
      throw new IllegalStateException(receiver[0] + " received " + got + " bytes");
    }
    return seconds;
  }

  private static void writeRandom(Path file, long size) throws IOException {
    Random random = new Random(1);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
  }
}
