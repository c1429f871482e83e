package io.netbus.file;

/** The event-bus addresses the file module consumes and publishes, and their fields. */
public final class FileAddresses {

  /** Request: fetch a file from a remote exchange listener into this node's root. */
  public static final String FETCH = "netbus.file.fetch";
  /** Request: put a file of this node's root to a remote exchange listener. */
  public static final String PUT = "netbus.file.put";
  /** Request: list a remote exchange listener's root. */
  public static final String LIST = "netbus.file.list";
  /** Request: copy a file from one exchange listener straight to another (any two nodes). */
  public static final String COPY = "netbus.file.copy";
  /** Published while a transfer runs (about twice a second) and once when it ends. */
  public static final String PROGRESS = "netbus.file.progress";

  // request fields
  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String NAME = "name";
  public static final String LOCAL = "local";
  public static final String PATH = "path";
  public static final String RESUME = "resume";
  /** put, copy: replace an existing file of that name at the target listener (default: refuse, 409 exists). */
  public static final String OVERWRITE = "overwrite";
  /** Speak TLS to the remote exchange listener, verified against the node's {@code tls.ca}. */
  public static final String TLS = "tls";
  /** The token to present to the remote exchange listener (its {@code auth} section). */
  public static final String TOKEN = "token";
  public static final String FROM = "from";
  public static final String TO = "to";
  public static final String ID = "id";
  /** fetch, put, copy: false answers at once with the id; the verdict comes on {@link #PROGRESS}. */
  public static final String WAIT = "wait";
  // reply and progress fields
  public static final String SIZE = "size";
  public static final String SHA256 = "sha256";
  public static final String OFFSET = "offset";
  public static final String BYTES = "bytes";
  public static final String MILLIS = "millis";
  public static final String FILES = "files";
  public static final String OP = "op";
  public static final String DONE = "done";
  public static final String ERROR = "error";
  /** The failure's protocol code ({@code not_found}, {@code exists}, ...) in a failed transfer's last progress event. */
  public static final String CODE = "code";
  public static final String ACCEPTED = "accepted";
  /** In the answer to {@code "wait": false}: where the verdict will be published. */
  public static final String PROGRESS_FIELD = "progress";

  // failure codes of message.fail(code, text)
  public static final int BAD_REQUEST = 400;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int BUSY = 409;
  /** {@code file.maxRequests} transfers are already in progress on this node ({@code busy: ...}). */
  public static final int NODE_BUSY = 503;
  public static final int EXISTS = 409;
  public static final int TOO_LARGE = 413;
  public static final int CHECKSUM = 422;
  public static final int FAILED = 500;
  public static final int UNREACHABLE = 502;

  private FileAddresses() {
  }
}
