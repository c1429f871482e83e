package io.netbus.tcp;

import static io.netbus.tcp.TcpTesting.deploy;
import static io.netbus.tcp.TcpTesting.listener;
import static io.netbus.tcp.TcpTesting.section;
import static org.assertj.core.api.Assertions.assertThat;

import io.netbus.tcp.service.TimeService;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every built-in service over real sockets, in raw, line and length framing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ServicesTest {

  private static final String CTIME = "[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}";

  private Map<String, Integer> ports;

  @BeforeEach
  void deployAll(Vertx vertx) throws Exception {
    ports = deploy(vertx, section(1,
        listener("upper", "upper", "raw"),
        listener("upperLine", "upper", "line"),
        listener("echo", "echo", "raw"),
        listener("echoLength", "echo", "length"),
        listener("greet", "greet", "raw"),
        listener("greetLine", "greet", "line").put("welcome", "Hi there"),
        listener("time", "time", "raw"),
        listener("timeLine", "time", "line"),
        listener("chat", "chat", "line").put("welcome", "joined")));
  }

  @Test
  void upperAnswersEachChunkAsTheSeedExpects() throws Exception {
    try (TestClient c = new TestClient(ports.get("upper"))) {
      assertThat(c.send("Hello Huangpingyi").recv()).isEqualTo("HELLO HUANGPINGYI");
      assertThat(c.send("with newline\n").recv()).isEqualTo("WITH NEWLINE\n");
      assertThat(c.send("crlf\r\n").recv()).isEqualTo("CRLF\r\n");
      assertThat(c.send("grüße\n").recv()).isEqualTo("GRÜSSE\n");
    }
  }

  @Test
  void upperInLineFramingAnswersEachLine() throws Exception {
    try (TestClient c = new TestClient(ports.get("upperLine"))) {
      c.send("abc\ndef\r\nghi");
      assertThat(c.readLine()).isEqualTo("ABC");
      assertThat(c.readLine()).isEqualTo("DEF");
      c.send("\n");
      assertThat(c.readLine()).isEqualTo("GHI");
    }
  }

  @Test
  void upperLeavesInvalidUtf8BytesAlone() throws Exception {
    try (TestClient c = new TestClient(ports.get("upperLine"))) {
      c.send(new byte[] {'a', (byte) 0xff, 'b', '\n'});
      assertThat(c.readLineBytes()).containsExactly('A', 0xff, 'B');
    }
  }

  @Test
  void echoIsByteExact() throws Exception {
    byte[] bytes = {0, 1, (byte) 0xff, (byte) 0xc3, '\r', '\n'};
    try (TestClient c = new TestClient(ports.get("echo"))) {
      c.send(bytes);
      assertThat(c.readExactly(bytes.length)).containsExactly(bytes);
    }
  }

  @Test
  void echoInLengthFraming() throws Exception {
    try (TestClient c = new TestClient(ports.get("echoLength"))) {
      c.sendLengthFrame("one".getBytes(StandardCharsets.UTF_8)).sendLengthFrame(new byte[0])
          .sendLengthFrame(new byte[] {(byte) 0xff, '\n'});
      assertThat(c.readLengthFrame()).containsExactly('o', 'n', 'e');
      assertThat(c.readLengthFrame()).isEmpty();
      assertThat(c.readLengthFrame()).containsExactly(0xff, '\n');
    }
  }

  @Test
  void greetWelcomesGreetsAndClosesOnExit() throws Exception {
    try (TestClient c = new TestClient(ports.get("greet"))) {
      assertThat(c.recv()).isEqualTo("Welcome!");
      assertThat(c.send("Michael").recv()).isEqualTo("Hello, Michael!");
      assertThat(c.send("Tracy\n").recv()).isEqualTo("Hello, Tracy!\n");
      c.send("exit");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void greetInRawFramingAnswersEachPipedLineAndClosesOnExit() throws Exception {
    try (TestClient c = new TestClient(ports.get("greet"))) {
      assertThat(c.recv()).isEqualTo("Welcome!");
      c.send("Michael\nTracy\r\nexit\nignored\n");
      assertThat(c.readLine()).isEqualTo("Hello, Michael!");
      assertThat(c.readLine()).isEqualTo("Hello, Tracy!\r");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void rawTextServicesTakeATrailingPartialLineAsAMessageAtOnce() throws Exception {
    try (TestClient c = new TestClient(ports.get("upper"))) {
      c.send("one\ntwo");
      assertThat(c.readLine()).isEqualTo("ONE");
      assertThat(c.readExactly(3)).containsExactly('T', 'W', 'O');
    }
  }

  @Test
  void greetInLineFraming() throws Exception {
    try (TestClient c = new TestClient(ports.get("greetLine"))) {
      assertThat(c.readLine()).isEqualTo("Hi there");
      c.send("Sarah\r\nexit\nignored\n");
      assertThat(c.readLine()).isEqualTo("Hello, Sarah!");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void timeStampsEachMessageAndSaysGoodbye() throws Exception {
    try (TestClient c = new TestClient(ports.get("time"))) {
      assertThat(c.send("hello").recv()).matches("\\[" + CTIME + "\\] hello");
      assertThat(c.send("again\n").recv()).matches("\\[" + CTIME + "\\] again\n");
      assertThat(c.send("exit").recv()).isEqualTo("see you again");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void timeInRawFramingAnswersEachPipedLineAndSaysGoodbye() throws Exception {
    try (TestClient c = new TestClient(ports.get("time"))) {
      c.send("Michael\nexit\nignored\n");
      assertThat(c.readLine()).matches("\\[" + CTIME + "\\] Michael");
      assertThat(c.readLine()).isEqualTo("see you again");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void timeInLineFraming() throws Exception {
    try (TestClient c = new TestClient(ports.get("timeLine"))) {
      c.send("a\nexit\n");
      assertThat(c.readLine()).matches("\\[" + CTIME + "\\] a");
      assertThat(c.readLine()).isEqualTo("see you again");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void ctimeLooksLikePythons() {
    assertThat(TimeService.ctime(Instant.parse("2026-11-22T06:50:00Z"), ZoneOffset.UTC))
        .isEqualTo("Sun Nov 22 06:50:00 2026");
    assertThat(TimeService.ctime(Instant.parse("2026-11-02T16:05:09Z"), ZoneOffset.UTC))
        .isEqualTo("Mon Nov  2 16:05:09 2026");
  }

  @Test
  void chatSendsEachLineToTheOthersOnly() throws Exception {
    int port = ports.get("chat");
    try (TestClient a = new TestClient(port); TestClient b = new TestClient(port); TestClient c = new TestClient(port)) {
      for (TestClient t : new TestClient[] {a, b, c}) {
        assertThat(t.readLine()).isEqualTo("joined");
      }
      a.send("hi from a\n");
      assertThat(b.readLine()).isEqualTo("hi from a");
      assertThat(c.readLine()).isEqualTo("hi from a");
      b.send("hi from b\r\n");
      // a's next line is b's: it never got its own
      assertThat(a.readLine()).isEqualTo("hi from b");
      assertThat(c.readLine()).isEqualTo("hi from b");
    }
  }

  @Test
  void chatClientsLeavingDoNotDisturbTheOthers() throws Exception {
    int port = ports.get("chat");
    try (TestClient a = new TestClient(port); TestClient b = new TestClient(port)) {
      assertThat(a.readLine()).isEqualTo("joined");
      assertThat(b.readLine()).isEqualTo("joined");
      TestClient gone = new TestClient(port);
      assertThat(gone.readLine()).isEqualTo("joined");
      gone.send("half a li");
      gone.close();
      a.send("still here\n");
      assertThat(b.readLine()).isEqualTo("still here");
    }
  }

}
