package io.netbus.contract.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {

  private static Buffer b(String s) {
    return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> feed(FrameDecoder decoder, Buffer... chunks) {
    List<String> frames = new ArrayList<>();
    for (Buffer chunk : chunks) {
      decoder.decode(chunk, f -> frames.add(f.toString(StandardCharsets.ISO_8859_1)));
    }
    return frames;
  }

  private static List<String> latin1(List<Buffer> frames) {
    return frames.stream().map(f -> f.toString(StandardCharsets.ISO_8859_1)).toList();
  }

  /** Every frame split at every byte boundary, and at every pair of boundaries. */
  private static void everySplit(Framing framing, List<Buffer> payloads) {
    Buffer stream = Buffer.buffer();
    payloads.forEach(p -> framing.encode(p, stream));
    List<String> expected = latin1(payloads);
    int n = stream.length();
    // all frames in one read
    assertThat(feed(framing.decoder(1024), stream)).as("one read").isEqualTo(expected);
    // one byte per read
    List<Buffer> bytes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      bytes.add(stream.getBuffer(i, i + 1));
    }
    assertThat(feed(framing.decoder(1024), bytes.toArray(Buffer[]::new))).as("byte by byte").isEqualTo(expected);
    for (int i = 0; i <= n; i++) {
      for (int j = i; j <= n; j++) {
        FrameDecoder d = framing.decoder(1024);
        List<String> got = feed(d, stream.getBuffer(0, i), stream.getBuffer(i, j), stream.getBuffer(j, n));
        assertThat(got).as("split at %d and %d", i, j).isEqualTo(expected);
        assertThat(d.buffered()).isZero();
      }
    }
  }

  @Test
  void lineFramesSurviveEverySplit() {
    everySplit(Framing.LINE, List.of(b("hello"), b(""), b("wörld"), Buffer.buffer(new byte[] {(byte) 0xff, 0, 1}),
        b("last one")));
  }

  @Test
  void lengthFramesSurviveEverySplit() {
    everySplit(Framing.LENGTH, List.of(b("hello"), b(""), b("line\nwith\r\nbreaks"),
        Buffer.buffer(new byte[] {(byte) 0xff, 0, 1, '\n'}), b("x")));
  }

  @Test
  void lineDropsOneTrailingCarriageReturn() {
    assertThat(feed(Framing.LINE.decoder(100), b("a\r\nb\r\r\n\r\nc\n")))
        .containsExactly("a", "b\r", "", "c");
  }

  @Test
  void lineKeepsThePartialLastLine() {
    FrameDecoder d = Framing.LINE.decoder(100);
    assertThat(feed(d, b("one\ntw"))).containsExactly("one");
    assertThat(d.buffered()).isEqualTo(2);
    assertThat(feed(d, b("o\r"), b("\nthree"))).containsExactly("two");
    assertThat(d.buffered()).isEqualTo(5);
  }

  @Test
  void rawEmitsEachChunk() {
    FrameDecoder d = Framing.RAW.decoder(8);
    assertThat(feed(d, b("Hello"), b(""), b("a\nb\n"))).containsExactly("Hello", "a\nb\n");
    assertThat(d.buffered()).isZero();
  }

  @Test
  void rawRefusesAChunkOverTheCap() {
    assertThatThrownBy(() -> feed(Framing.RAW.decoder(4), b("12345")))
        .isInstanceOf(FrameTooLongException.class).hasMessageContaining("maxFrame 4");
  }

  @Test
  void rawCapDoesNotCountOneTrailingLineEnding() {
    FrameDecoder d = Framing.RAW.decoder(4);
    assertThat(feed(d, b("1234\n"), b("1234\r\n"))).containsExactly("1234\n", "1234\r\n");
    assertThatThrownBy(() -> feed(d, b("12345\n")))
        .isInstanceOf(FrameTooLongException.class).hasMessageContaining("frame of 5 bytes exceeds maxFrame 4");
    assertThatThrownBy(() -> feed(d, b("1234\n\n")))
        .isInstanceOf(FrameTooLongException.class);
  }

  @Test
  void lineRefusesALongLineBeforeItsEnd() {
    FrameDecoder d = Framing.LINE.decoder(4);
    assertThat(feed(d, b("1234\n"))).containsExactly("1234");
    assertThatThrownBy(() -> feed(d, b("123"), b("45")))
        .isInstanceOf(FrameTooLongException.class).hasMessageContaining("more than 5 bytes");
  }

  @Test
  void lineCapDoesNotCountTheCarriageReturnOfACrlf() {
    FrameDecoder d = Framing.LINE.decoder(4);
    assertThat(feed(d, b("1234\r\n"), b("1234\r"), b("\n"))).containsExactly("1234", "1234");
    assertThatThrownBy(() -> feed(d, b("1234\r"), b("5\n")))
        .isInstanceOf(FrameTooLongException.class);
    assertThatThrownBy(() -> feed(Framing.LINE.decoder(4), b("12345\r\n")))
        .isInstanceOf(FrameTooLongException.class).hasMessageContaining("frame of 5 bytes");
  }

  @Test
  void lineRefusesALongLineInsideOneChunk() {
    assertThatThrownBy(() -> feed(Framing.LINE.decoder(4), b("ok\n12345\nok\n")))
        .isInstanceOf(FrameTooLongException.class);
  }

  @Test
  void lengthRefusesALargePrefixBeforeThePayload() {
    FrameDecoder d = Framing.LENGTH.decoder(16);
    assertThatThrownBy(() -> d.decode(Buffer.buffer().appendInt(17), f -> { }))
        .isInstanceOf(FrameTooLongException.class).hasMessageContaining("17 bytes exceeds maxFrame 16");
    assertThatThrownBy(() -> Framing.LENGTH.decoder(16).decode(Buffer.buffer().appendInt(-1), f -> { }))
        .isInstanceOf(FrameTooLongException.class).hasMessageContaining("4294967295");
  }

  @Test
  void lengthAcceptsExactlyTheCap() {
    Buffer payload = Buffer.buffer(new byte[16]);
    assertThat(feed(Framing.LENGTH.decoder(16), Framing.LENGTH.encode(payload))).hasSize(1);
  }

  @Test
  void lengthFramesSurviveALargePayloadInSmallChunks() {
    byte[] big = new byte[60_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Buffer stream = Framing.LENGTH.encode(Buffer.buffer(big));
    FrameDecoder d = Framing.LENGTH.decoder(Framing.DEFAULT_MAX_FRAME);
    List<Buffer> frames = new ArrayList<>();
    for (int i = 0; i < stream.length(); i += 1000) {
      d.decode(stream.getBuffer(i, Math.min(stream.length(), i + 1000)), frames::add);
    }
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).getBytes()).isEqualTo(big);
  }

  @Test
  void encodeAppendsTheFrame() {
    assertThat(Framing.RAW.encode(b("x")).toString()).isEqualTo("x");
    assertThat(Framing.LINE.encode(b("x")).toString()).isEqualTo("x\n");
    assertThat(Framing.LENGTH.encode(b("xy")).getBytes()).containsExactly(0, 0, 0, 2, 'x', 'y');
  }

  @Test
  void trailingNewline() {
    assertThat(Framing.trailingNewline(b("a\r\n"))).isEqualTo(2);
    assertThat(Framing.trailingNewline(b("a\n"))).isEqualTo(1);
    assertThat(Framing.trailingNewline(b("\n"))).isEqualTo(1);
    assertThat(Framing.trailingNewline(b("a\r"))).isZero();
    assertThat(Framing.trailingNewline(b(""))).isZero();
  }

  @Test
  void parsesNames() {
    assertThat(Framing.of("length")).isEqualTo(Framing.LENGTH);
    assertThatThrownBy(() -> Framing.of("lines")).hasMessage("'lines' is not a framing (raw, line, length)");
  }

  /** decodeWhile stops after the frame the sink refuses and hands out the rest, in order, on later calls. */
  @Test
  void decodeWhileStopsAndContinues() {
    for (Framing framing : List.of(Framing.LINE, Framing.LENGTH)) {
      Buffer stream = Buffer.buffer();
      List<Buffer> payloads = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        payloads.add(b("m" + i));
        framing.encode(payloads.get(i), stream);
      }
      FrameDecoder decoder = framing.decoder(64);
      List<String> got = new ArrayList<>();
      int half = stream.length() / 2;
      boolean stopped = decoder.decodeWhile(stream.getBuffer(0, half), f -> got.add(f.toString()) && got.size() % 3 != 0);
      int calls = 0;
      while (stopped && calls++ < 1000) {
        stopped = decoder.decodeWhile(Buffer.buffer(), f -> got.add(f.toString()) && got.size() % 3 != 0);
      }
      // a new chunk arrives while frames are still held
      decoder.decodeWhile(stream.getBuffer(half, stream.length()), f -> got.add(f.toString()) && false);
      assertThat(decoder.buffered()).as(framing + " holds the unread frames").isGreaterThan(0);
      stopped = true;
      while (stopped && calls++ < 1000) {
        stopped = decoder.decodeWhile(Buffer.buffer(), f -> got.add(f.toString()) && got.size() % 7 != 0);
      }
      assertThat(got).as(framing.id()).isEqualTo(latin1(payloads));
      assertThat(decoder.buffered()).isZero();
    }
  }
}
