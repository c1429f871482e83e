package io.netbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyVerifierTest {

  /** Records what the verifier reports. */
  static final class Recorder implements ReplyVerifier.Listener {
    final List<Boolean> replies = new ArrayList<>();
    int unexpected;
    final List<String> problems = new ArrayList<>();

    @Override
    public void onReply(boolean ok) {
      replies.add(ok);
    }

    @Override
    public void onUnexpected() {
      unexpected++;
    }

    @Override
    public void onProtocolError(String problem) {
      problems.add(problem);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] wire(BenchFraming framing, String... messages) {
    Buffer out = Buffer.buffer();
    for (String m : messages) {
      framing.append(out, bytes(m));
    }
    return out.getBytes();
  }

  /** Feeds {@code stream} split at {@code cut} (and at every byte when cut is 0). */
  private static Recorder feed(BenchFraming framing, byte[] stream, int cut, String... expected) {
    Recorder r = new Recorder();
    ReplyVerifier v = framing.verifier(r, 64);
    for (String e : expected) {
      v.expect(bytes(e));
    }
    if (cut == 0) {
      for (byte b : stream) {
        v.feed(new byte[] {b});
      }
    } else {
      v.feed(Arrays.copyOfRange(stream, 0, cut));
      v.feed(Arrays.copyOfRange(stream, cut, stream.length));
    }
    return r;
  }

  @Test
  void everyFramingAcceptsCorrectRepliesSplitAnywhere() {
    for (BenchFraming framing : BenchFraming.values()) {
      byte[] stream = wire(framing, "hello", "", "world!");
      for (int cut = 0; cut < stream.length; cut++) {
        Recorder r = feed(framing, stream, cut, "hello", "", "world!");
        if (framing == BenchFraming.RAW) {
          // an empty message has no bytes to wait for in a raw stream: it completes with the next one
          assertThat(r.replies).as("%s cut %d", framing, cut).hasSizeGreaterThanOrEqualTo(2).doesNotContain(false);
        } else {
          assertThat(r.replies).as("%s cut %d", framing, cut).containsExactly(true, true, true);
        }
        assertThat(r.unexpected).isZero();
        assertThat(r.problems).isEmpty();
      }
    }
  }

  @Test
  void aWrongReplyIsAnErrorAndTheNextOneStillCounts() {
    for (BenchFraming framing : BenchFraming.values()) {
      byte[] stream = wire(framing, "hellO", "world");
      for (int cut = 0; cut < stream.length; cut++) {
        Recorder r = feed(framing, stream, cut, "hello", "world");
        assertThat(r.replies).as("%s cut %d", framing, cut).containsExactly(false, true);
      }
    }
  }

  @Test
  void aReplyOfTheWrongLengthIsAnError() {
    Recorder line = feed(BenchFraming.LINE, wire(BenchFraming.LINE, "hell", "world"), 3, "hello", "world");
    assertThat(line.replies).containsExactly(false, true);
    Recorder length = feed(BenchFraming.LENGTH, wire(BenchFraming.LENGTH, "hello!", "world"), 5, "hello", "world");
    assertThat(length.replies).containsExactly(false, true);
  }

  @Test
  void lineRepliesMayEndWithCrLf() {
    Recorder r = feed(BenchFraming.LINE, bytes("HELLO\r\nWORLD\n"), 6, "HELLO", "WORLD");
    assertThat(r.replies).containsExactly(true, true);
  }

  @Test
  void repliesNobodyAskedForAreUnexpected() {
    for (BenchFraming framing : BenchFraming.values()) {
      Recorder r = feed(framing, wire(framing, "hello", "extra"), 2, "hello");
      assertThat(r.replies).as(framing.name()).containsExactly(true);
      assertThat(r.unexpected).as(framing.name()).isPositive();
    }
  }

  @Test
  void aFrameOverTheCapIsAProtocolError() {
    Recorder line = feed(BenchFraming.LINE, new byte[200], 100, "x");
    assertThat(line.problems).singleElement().asString().contains("longer than 64");
    Recorder length = feed(BenchFraming.LENGTH, Buffer.buffer().appendInt(1000).appendBytes(new byte[10]).getBytes(), 2,
        "x");
    assertThat(length.problems).singleElement().asString().contains("1000 bytes");
  }

  @Test
  void upperExpectationUpperCasesLettersOnly() {
    assertThat(new String(Expect.UPPER.reply(bytes("abc-z1")), StandardCharsets.US_ASCII)).isEqualTo("ABC-Z1");
    assertThat(Expect.ECHO.reply(bytes("abc"))).isEqualTo(bytes("abc"));
  }

  @Test
  void payloadsAreDistinctLettersOnly() {
    Payloads p = new Payloads(100, 8, Expect.UPPER);
    for (int i = 0; i < p.count(); i++) {
      for (byte b : p.message(i)) {
        assertThat((char) b).isBetween('a', 'z');
      }
      for (int j = 0; j < i; j++) {
        assertThat(p.message(i)).isNotEqualTo(p.message(j));
      }
    }
  }

  @Test
  void udpSequenceNumbersRoundTripInEitherCase() {
    for (long seq : new long[] {0, 1, 255, 1L << 40, Long.MAX_VALUE}) {
      byte[] m = UdpDatagrams.message(seq, 32);
      assertThat(UdpDatagrams.sequence(m, 0)).isEqualTo(seq);
      assertThat(UdpDatagrams.sequence(Expect.UPPER.reply(m), 0)).isEqualTo(seq);
    }
    assertThat(UdpDatagrams.sequence(bytes("0123456789abcdef"), 0)).isEqualTo(-1);
  }
}
