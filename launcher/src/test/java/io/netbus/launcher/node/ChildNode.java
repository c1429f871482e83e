package io.netbus.launcher.node;

import io.vertx.core.Future;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A netbus node in its own JVM ({@code netbus run --conf FILE}) on the test classpath. */
final class ChildNode {

  private static final List<ChildNode> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Process process;

  private ChildNode(Process process) {
    this.process = process;
  }

  static ChildNode start(Path conf, String tag) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = new File("target", "child-node-" + tag + ".log");
    Process p;
    try {
      p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dhazelcast.phone.home.enabled=false", "-cp", classpath, "io.netbus.launcher.Main", "run", "--conf",
        conf.toString()))
          .redirectErrorStream(true).redirectOutput(log).start();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ChildNode child = new ChildNode(p);
    STARTED.add(child);
    return child;
  }

  /** SIGSTOP ({@code freeze}) or SIGCONT: the process keeps its sockets open but runs nothing. */
  void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
  void kill() {
    process.destroyForcibly();
  }

  /** SIGTERM; completes with the exit status (fails after 15 s). */
  Future<Integer> terminate() {
    process.destroy();
    CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue)
        .orTimeout(15, TimeUnit.SECONDS);
    return Future.fromCompletionStage(exit);
  }

  /** Makes sure no child outlives the tests. */
  static void destroyAll() {
    STARTED.forEach(c -> c.process.destroyForcibly());
    STARTED.clear();
  }
}
