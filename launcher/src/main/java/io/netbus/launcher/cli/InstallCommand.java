package io.netbus.launcher.cli;

import io.netbus.launcher.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netbus install}: copies the running netbus.jar and its launcher script to
 * {@code PREFIX/lib/netbus/}, links {@code PREFIX/bin/netbus} to the script, and writes the
 * class-data archive for the installed jar (an archive only matches the jar path it was made
 * for). The installed copy survives {@code mvn clean}; installing again replaces it.
 */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Install this netbus as the 'netbus' command: PREFIX/lib/netbus/ holds the jar and its "
        + "launcher script, PREFIX/bin/netbus links to the script.",
    footer = {"%nExample: netbus install --prefix ~/.local   (then ~/.local/bin must be on your PATH)",
        "Without installing: ln -s \"$PWD/launcher/target/netbus\" ~/.local/bin/netbus"})
public final class InstallCommand implements Callable<Integer> {

  /** The launcher script inside the jar (the same file as launcher/target/netbus). */
  static final String SCRIPT_RESOURCE = "/netbus/bin/netbus";
  static final long TRAINING_TIMEOUT_SECONDS = 60;

  @Option(names = "--prefix", paramLabel = "DIR", required = true,
      description = "Where to install: DIR/bin/netbus and DIR/lib/netbus/ (e.g. ~/.local, /usr/local, /opt/netbus).")
  Path prefix;

  @Option(names = "--cds", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Write the class-data archive that makes commands start faster (default: yes).")
  boolean cds;

  @Option(names = "--force", description = "Replace a PREFIX/bin/netbus that is not a link to an earlier install.")
  boolean force;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> running = runningJar();
    if (running.isEmpty()) {
      err.println("netbus install: not running from netbus.jar (build it with 'mvn -q package -DskipTests')");
      return ExitCodes.FAILURE;
    }
    Path base = prefix.toAbsolutePath().normalize();
    Path lib = base.resolve("lib").resolve("netbus");
    Path bin = base.resolve("bin");
    Path link = bin.resolve("netbus");
    Path script = lib.resolve("netbus");
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link) && !force) {
      err.println("netbus install: " + link + " exists and is not a link to a netbus install; --force replaces it");
      return ExitCodes.FAILURE;
    }
    Files.createDirectories(lib);
    Files.createDirectories(bin);
    Path jar = lib.resolve("netbus.jar");
    Path tmp = lib.resolve("netbus.jar.tmp");
    Files.copy(running.get(), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (InputStream in = InstallCommand.class.getResourceAsStream(SCRIPT_RESOURCE)) {
      if (in == null) {
        err.println("netbus install: the launcher script is missing from the jar");
        return ExitCodes.FAILURE;
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, script);
    Path jsa = lib.resolve("netbus.jsa");
    Files.deleteIfExists(jsa);
    out.println("installed " + jar);
    out.println("linked    " + link + " -> " + script);
    if (cds) {
      out.println(writeArchive(jar, jsa) ? "wrote     " + jsa + " (faster start-up)"
          : "no class-data archive (the JVM could not write one); netbus works without it");
    }
    if (!onPath(bin)) {
      out.println(bin + " is not on your PATH; add it, e.g.: export PATH=\"" + bin + ":$PATH\"");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The jar this JVM runs from, if it runs from one. */
  static Optional<Path> runningJar() throws URISyntaxException {
    var source = Main.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return Optional.empty();
    }
    Path p = Path.of(source.getLocation().toURI());
    return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
  }

  /** One training run of the installed jar with {@code -XX:ArchiveClassesAtExit}, as {@code mvn package} does. */
  private static boolean writeArchive(Path jar, Path jsa) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:ArchiveClassesAtExit=" + jsa, "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xlog:cds=off,cds+dynamic=off", "-jar", jar.toString(), "scan", "127.0.0.1", "1"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return Files.isRegularFile(jsa);
  }

  private static boolean onPath(Path bin) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Path.of(dir).toAbsolutePath().normalize().equals(bin)) {
        return true;
      }
    }
    return false;
  }
}
