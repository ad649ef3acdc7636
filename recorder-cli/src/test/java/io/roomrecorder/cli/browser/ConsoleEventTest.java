package io.roomrecorder.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleEventTest {

  @Test
  void chromiumLinesAreReadUnescapedUpToTheSource() {
    String line =
        "[31275:31275:1121/091650.675693:INFO:CONSOLE:3] \"RRPUB stats"
            + " {\"video\":{\"frameWidth\":1280,\"codec\":\"H264\"},\"note\":\"a\\\"b\"}\","
            + " source: http://127.0.0.1:8799/publisher.js (3)";
    ConsoleEvent e = ConsoleEvent.parse(line).orElseThrow();
    assertThat(e.page()).isEqualTo("RRPUB");
    assertThat(e.event()).isEqualTo("stats");
    assertThat(e.number("/video/frameWidth")).isEqualTo(1280);
    assertThat(e.text("/video/codec")).isEqualTo("H264");
    assertThat(e.text("/note")).isEqualTo("a\"b");
  }

  @Test
  void firefoxLinesAreUnescapedLikeAJavaScriptStringLiteral() {
    String line = "console.log: \"RRVIEW stats {\\\"a\\\":\\\"b\\\\\\\"c\\\",\\\"n\\\":1}\"";
    ConsoleEvent e = ConsoleEvent.parse(line).orElseThrow();
    assertThat(e.page()).isEqualTo("RRVIEW");
    assertThat(e.text("/a")).isEqualTo("b\"c");
    assertThat(e.number("/n")).isEqualTo(1);
  }

  @Test
  void anEventWithoutDataHasAMissingNode() {
    ConsoleEvent e = ConsoleEvent.parse("console.log: \"RRPUB ready\"").orElseThrow();
    assertThat(e.event()).isEqualTo("ready");
    assertThat(e.data().isMissingNode()).isTrue();
    assertThat(e.number("/x")).isEqualTo(-1);
    assertThat(e.text("/x")).isEmpty();
  }

  @Test
  void dataThatIsNotJsonIsKeptAsText() {
    ConsoleEvent e = ConsoleEvent.parse("console.log: \"RRPUB note {not json\"").orElseThrow();
    assertThat(e.data().asText()).isEqualTo("{not json");
  }

  @ParameterizedTest(name = "not a page event: {0}")
  @ValueSource(
      strings = {
        "",
        "RRPUB stats {}",
        "console.log: \"something else\"",
        "console.log: \"RRPUBX stats\"",
        "console.log: \"RRPUB",
        "console.log: \"\\u12\"",
        "[1:1:1/1:INFO:CONSOLE:0] \"Slow network is detected.\", source: chrome://x (0)",
        "[1:1:1/1:WARNING:sandbox.cc:405] InitializeSandbox() called",
        "*** You are running in headless mode."
      })
  void otherOutputLinesAreIgnored(String line) {
    assertThat(ConsoleEvent.parse(line)).isEmpty();
  }

  @Test
  void randomTruncatedAndMutatedLinesNeverThrow() {
    String[] valid = {
      "[1:1:1/1:INFO:CONSOLE:3] \"RRPUB stats {\"video\":{\"frameWidth\":640}}\", source: x (3)",
      "console.log: \"RRVIEW stats {\\\"video\\\":{\\\"frameWidth\\\":640}}\""
    };
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      char[] chars = valid[i % 2].toCharArray();
      int length = random.nextInt(chars.length + 1);
      for (int m = random.nextInt(4); m > 0 && length > 0; m--) {
        chars[random.nextInt(length)] = (char) random.nextInt(128);
      }
      String line = new String(chars, 0, length);
      ConsoleEvent.parse(line).ifPresent(e -> assertThat(e.event()).isNotNull());
    }
  }
}
