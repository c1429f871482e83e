package io.netbus.file;

import io.netbus.file.protocol.FileError;
import io.netbus.file.protocol.FileProtocol;
import io.netbus.file.protocol.Names;
import io.netbus.file.protocol.Sha256;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory a file module serves, shared by its listeners and its bus API (thread-safe).
 * Every method that touches the disk is blocking and runs on worker threads
 * ({@code executeBlocking}); names are checked by {@link Names} and then against the real path of
 * the root, so a symlink pointing outside it is refused too.
 *
 * <p>Partial uploads go to {@code .netbus-partial/<sha256(name)>.part} under the root: one
 * deterministic file per target name, so a put can resume where a vanished client left off.
 * They are deleted at once on a checksum mismatch or a write error, renamed over the target when
 * complete, and all deleted when the module starts; a partial untouched for
 * {@link #PARTIAL_TTL_MILLIS} is swept.
 */
public final class FileRoot {

  private static final Logger LOG = LoggerFactory.getLogger(FileRoot.class);
  static final long PARTIAL_TTL_MILLIS = 60 * 60 * 1000L;
  static final int MAX_LIST = 100_000;
  private static final int MAX_CACHE = 1024;

  /** What a get serves: the real file, its size and modification time. */
  public record Entry(Path path, long size, long modifiedMillis) {
  }

  private record CachedSha(long size, long modifiedMillis, String sha256) {
  }

  private final Path real;
  private final Path partialDir;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Map<Path, CachedSha> shaCache = new ConcurrentHashMap<>();

  private FileRoot(Path real) {
    this.real = real;
    this.partialDir = real.resolve(Names.PARTIAL_DIR);
  }

  /** Opens {@code root} (which must exist and be a directory) and deletes leftover partial uploads. Blocking. */
  public static FileRoot open(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new NoSuchFileException(root.toString(), null, "not a directory");
    }
    FileRoot fr = new FileRoot(root.toRealPath());
    Files.createDirectories(fr.partialDir);
    int removed = fr.sweepPartials(0);
    if (removed > 0) {
      LOG.info("removed {} partial upload(s) left in {} by an earlier run", removed, fr.partialDir);
    }
    return fr;
  }

  public Path path() {
    return real;
  }

  /** A name already checked by {@link Names#check}, resolved for reading. Blocking. */
  public Entry resolveForRead(String name) throws IOException {
    Path p = real.resolve(Names.check(name));
    if (!Files.exists(p)) {
      throw new FileError(FileProtocol.NOT_FOUND, "'" + name + "' does not exist");
    }
    Path rp = p.toRealPath();
    confine(name, rp);
    BasicFileAttributes attrs = Files.readAttributes(rp, BasicFileAttributes.class);
    if (!attrs.isRegularFile()) {
      throw new FileError(FileProtocol.NOT_FOUND, "'" + name + "' is not a regular file");
    }
    return new Entry(rp, attrs.size(), attrs.lastModifiedTime().toMillis());
  }

  /**
   * Where a put of {@code name} will land: the target path (its parent directories created, their
   * real paths inside the root; an existing target must be a regular file or a symlink into the
   * root). Blocking.
   */
  public Path resolveForWrite(String name) throws IOException {
    Path target = real.resolve(Names.check(name));
    // the deepest existing ancestor must really be inside the root before anything is created
    Path existing = target.getParent();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    confine(name, existing.toRealPath());
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path realParent = parent.toRealPath();
    confine(name, realParent);
    Path resolved = realParent.resolve(target.getFileName());
    if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isSymbolicLink(resolved)) {
        confine(name, resolved.toRealPath());
      }
      if (Files.isDirectory(resolved)) {
        throw new FileError(FileProtocol.BAD_PATH, "'" + name + "' is a directory");
      }
    }
    return resolved;
  }

  private void confine(String name, Path realPath) {
    if (!realPath.startsWith(real)) {
      throw new FileError(FileProtocol.BAD_PATH, "'" + name + "' resolves outside the root (symlink)");
    }
    if (realPath.startsWith(partialDir)) {
      throw new FileError(FileProtocol.BAD_PATH, "'" + name + "' is under the reserved directory " + Names.PARTIAL_DIR);
    }
  }

  /** The partial-upload file of a target name (deterministic, so a resume finds it). */
  public Path partialFor(String name) {
    return partialDir.resolve(Sha256.hex(name).substring(0, 40) + ".part");
  }

  /** Bytes usable on the root's file system. Blocking. */
  public long usableSpace() throws IOException {
    return Files.getFileStore(real).getUsableSpace();
  }

  /** Claims {@code name} for one writer; false when a transfer to it is running. */
  public boolean lock(String name) {
    return busy.add(name);
  }

  public void unlock(String name) {
    busy.remove(name);
  }

  /** Atomically replaces {@code target} by the complete, fsynced {@code partial}. Blocking. */
  public void commit(Path partial, Path target, long size, String sha256) throws IOException {
    commit(partial, target, size, sha256, true);
  }

  /**
   * Moves the complete, fsynced {@code partial} to {@code target}: atomically replacing it when
   * {@code overwrite}, else only if no file has that name (a hard link, then the partial's name
   * is removed: the kernel refuses the link when the name exists). Blocking.
   *
   * @throws java.nio.file.FileAlreadyExistsException without {@code overwrite} when {@code target} exists
   */
  public void commit(Path partial, Path target, long size, String sha256, boolean overwrite) throws IOException {
    if (overwrite) {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      try {
        Files.createLink(target, partial);
        Files.delete(partial);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // a file system without hard links: check, then move (a put racing this one may be replaced)
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true); // make the rename itself durable
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}", target.getParent(), e);
    }
    try {
      long mtime = Files.getLastModifiedTime(target).toMillis();
      remember(target, size, mtime, sha256);
    } catch (IOException e) {
      LOG.debug("cannot stat {}", target, e);
    }
  }

  /** The cached SHA-256 of a file when its size and mtime are unchanged, else null. */
  public String cachedSha(Entry entry) {
    CachedSha c = shaCache.get(entry.path());
    return c != null && c.size() == entry.size() && c.modifiedMillis() == entry.modifiedMillis() ? c.sha256() : null;
  }

  public void remember(Path path, long size, long modifiedMillis, String sha256) {
    if (shaCache.size() >= MAX_CACHE) {
      shaCache.clear();
    }
    shaCache.put(path, new CachedSha(size, modifiedMillis, sha256));
  }

  /** Every regular file under {@code dir} (recursively, up to {@value #MAX_LIST}), names relative to the root. Blocking. */
  public JsonArray list(String dir) throws IOException {
    Path start = dir.isEmpty() ? real : real.resolve(Names.checkDirectory(dir));
    if (!Files.exists(start)) {
      throw new FileError(FileProtocol.NOT_FOUND, "'" + dir + "' does not exist");
    }
    Path realStart = start.toRealPath();
    confine(dir, realStart);
    if (!Files.isDirectory(realStart)) {
      throw new FileError(FileProtocol.NOT_FOUND, "'" + dir + "' is not a directory");
    }
    List<JsonObject> files = new ArrayList<>();
    Files.walkFileTree(realStart, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return d.equals(partialDir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        BasicFileAttributes a = attrs;
        if (attrs.isSymbolicLink()) {
          try {
            Path target = f.toRealPath();
            if (!target.startsWith(real) || target.startsWith(partialDir)) {
              return FileVisitResult.CONTINUE;
            }
            a = Files.readAttributes(target, BasicFileAttributes.class);
          } catch (IOException e) {
            return FileVisitResult.CONTINUE; // dangling link
          }
        }
        if (a.isRegularFile()) {
          files.add(new JsonObject()
              .put(FileProtocol.NAME, real.relativize(f).toString().replace('\\', '/'))
              .put(FileProtocol.SIZE, a.size())
              .put(FileProtocol.MODIFIED, Instant.ofEpochMilli(a.lastModifiedTime().toMillis()).toString()));
        }
        return files.size() >= MAX_LIST ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException exc) {
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(Comparator.comparing(o -> o.getString(FileProtocol.NAME)));
    return new JsonArray(new ArrayList<>(files));
  }

  /** Deletes partial uploads untouched for {@code olderThanMillis} (0: all) and not in use; returns how many. Blocking. */
  public int sweepPartials(long olderThanMillis) throws IOException {
    int removed = 0;
    long now = System.currentTimeMillis();
    Set<Path> inUse = ConcurrentHashMap.newKeySet();
    busy.forEach(n -> inUse.add(partialFor(n)));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(partialDir)) {
      for (Path p : ds) {
        if (inUse.contains(p)) {
          continue;
        }
        if (olderThanMillis == 0 || now - Files.getLastModifiedTime(p).toMillis() > olderThanMillis) {
          Files.deleteIfExists(p);
          removed++;
        }
      }
    }
    return removed;
  }
}
