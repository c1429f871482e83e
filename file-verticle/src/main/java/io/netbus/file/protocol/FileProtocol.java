package io.netbus.file.protocol;

/**
 * The netbus file protocol (exchange listeners), in one place. One request per connection:
 * the client sends one JSON line, the server answers with one JSON line, then raw bytes and a
 * JSON trailer line where the operation moves a file. See docs/files.md, "The netbus file protocol", for the full spec.
 */
public final class FileProtocol {

  /** Longest header or trailer line accepted, newline included. */
  public static final int MAX_LINE = 64 * 1024;

  // request fields
  public static final String OP = "op";
  public static final String NAME = "name";
  public static final String PATH = "path";
  public static final String SIZE = "size";
  public static final String OFFSET = "offset";
  public static final String RESUME = "resume";
  /** put: replace an existing file of that name (without it the put is refused with {@link #EXISTS}). */
  public static final String OVERWRITE = "overwrite";
  /** The request line's client token, when the server has an {@code auth} section. */
  public static final String TOKEN = "token";
  // answer fields
  public static final String OK = "ok";
  public static final String ERROR = "error";
  public static final String MESSAGE = "message";
  public static final String FILES = "files";
  public static final String MODIFIED = "modified";
  public static final String SHA256 = "sha256";

  // operations
  public static final String LIST = "list";
  public static final String GET = "get";
  public static final String PUT = "put";

  // error codes (the "error" field of a failed answer)
  public static final String BAD_REQUEST = "bad_request";
  public static final String BAD_PATH = "bad_path";
  public static final String NOT_FOUND = "not_found";
  public static final String READ_ONLY = "read_only";
  /** put without {@code "overwrite": true} of a name that already exists. */
  public static final String EXISTS = "exists";
  public static final String TOO_LARGE = "too_large";
  public static final String NO_SPACE = "no_space";
  public static final String BUSY = "busy";
  public static final String BAD_OFFSET = "bad_offset";
  public static final String CHECKSUM = "checksum";
  public static final String IO = "io";
  /** No or an unknown token/certificate, or a client whose {@code files} is {@code none}. */
  public static final String UNAUTHORIZED = "unauthorized";
  /** Client side only: the connection broke or the peer broke the protocol. */
  public static final String CONNECTION = "connection";

  private FileProtocol() {
  }
}
