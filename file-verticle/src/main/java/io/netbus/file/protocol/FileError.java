package io.netbus.file.protocol;

/** A failed file operation with its protocol error code ({@link FileProtocol#NOT_FOUND}, ...). */
public class FileError extends RuntimeException {

  private final String code;

  public FileError(String code, String message) {
    this(code, message, null);
  }

  public FileError(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The code of any throwable: a FileError's own, else {@link FileProtocol#IO}. */
  public static String codeOf(Throwable t) {
    return t instanceof FileError fe ? fe.code : FileProtocol.IO;
  }

  /** A message fit for a user: the FileError's own, else the cause's class and message. */
  public static String messageOf(Throwable t) {
    if (t instanceof FileError) {
      return t.getMessage();
    }
    if (t instanceof java.nio.channels.ClosedChannelException) {
      // Netty's stackless variant has no message: say what it means to the user.
      return "the other side closed the connection";
    }
    if (t instanceof java.net.ConnectException && String.valueOf(t.getMessage()).contains("Connection refused")) {
      // Netty's "Connection refused: /127.0.0.1:9001" repeats the address the line already names
      return "connection refused (nothing listens there)";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
