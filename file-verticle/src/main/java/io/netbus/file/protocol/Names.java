package io.netbus.file.protocol;

/**
 * Checks a file name sent by a peer before it touches the file system: relative, '/'-separated,
 * no '..', '.' or empty segments, no backslash, no NUL byte, no drive letter, not under the
 * partial-data directory. Symlinks are checked against the real root by {@code FileRoot}.
 */
public final class Names {

  /** Where partial uploads live, under the root; never readable or writable by name. */
  public static final String PARTIAL_DIR = ".netbus-partial";
  public static final int MAX_LENGTH = 4096;

  private Names() {
  }

  /** Returns {@code name} when it is a safe relative name, else throws a {@code bad_path} {@link FileError}. */
  public static String check(String name) {
    if (name == null || name.isEmpty()) {
      throw bad(name, "is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw bad(name.substring(0, 40) + "...", "is longer than " + MAX_LENGTH + " characters");
    }
    if (name.indexOf('\0') >= 0) {
      throw bad(name.replace("\0", "\\0"), "contains a NUL byte");
    }
    if (name.indexOf('\\') >= 0) {
      throw bad(name, "contains a backslash (use '/' between directories)");
    }
    if (name.startsWith("/")) {
      throw bad(name, "is an absolute path (names are relative to the root)");
    }
    if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
      throw bad(name, "starts with a drive letter (names are relative to the root)");
    }
    String[] segments = name.split("/", -1);
    for (String s : segments) {
      if (s.equals("..")) {
        throw bad(name, "contains '..' (paths may not leave the root)");
      }
      if (s.isEmpty() || s.equals(".")) {
        throw bad(name, "has an empty or '.' segment");
      }
    }
    if (segments[0].equals(PARTIAL_DIR)) {
      throw bad(name, "is under the reserved directory " + PARTIAL_DIR);
    }
    return name;
  }

  /** Like {@link #check} but also accepts an empty name or "." for the root itself (list). */
  public static String checkDirectory(String name) {
    if (name == null || name.isEmpty() || name.equals(".")) {
      return "";
    }
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return check(n);
  }

  private static FileError bad(String name, String why) {
    return new FileError(FileProtocol.BAD_PATH, "'" + name + "' " + why);
  }
}
