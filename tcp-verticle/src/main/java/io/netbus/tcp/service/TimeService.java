package io.netbus.tcp.service;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code time} (seed 004): {@code [<ctime>] <msg>} with ctime as C's {@code ctime()} writes it
 * ({@code Sun Nov 22 06:50:00 2026}, local time); {@code exit} → {@code see you again}, then close.
 */
public final class TimeService implements Service {

  /** C's ctime layout: the day of month is space-padded to two characters. */
  public static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);
  static final Buffer GOODBYE = Buffer.buffer("see you again");

  private final ZoneId zone = ZoneId.systemDefault();
  private long cachedSecond = Long.MIN_VALUE;
  private byte[] cachedPrefix;

  @Override
  public void onMessage(ServiceContext connection, Buffer message) {
    if (Service.is(message, GreetService.EXIT)) {
      connection.reply(GOODBYE);
      connection.closeAfterReplies();
      return;
    }
    connection.beginReply().appendBytes(prefix()).appendBuffer(message);
    connection.endReply();
  }

  /** {@code [<ctime>] }, formatted once per second. */
  private byte[] prefix() {
    long now = System.currentTimeMillis();
    long second = Math.floorDiv(now, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      cachedPrefix = ("[" + ctime(Instant.ofEpochSecond(second), zone) + "] ").getBytes(StandardCharsets.US_ASCII);
    }
    return cachedPrefix;
  }

  public static String ctime(Instant instant, ZoneId zone) {
    return CTIME.format(instant.atZone(zone));
  }
}
