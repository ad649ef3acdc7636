package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomrecorder.api.PeerState;
import io.roomrecorder.api.RecorderEvent;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written JSON of {@code --json}: every string survives a round trip through an
 * independent parser (Jackson, test scope only), and every line is one line of valid UTF-8.
 */
class JsonLineTest {
  static final ObjectMapper JACKSON = new ObjectMapper();

  static Stream<String> hostileStrings() {
    return Stream.of(
        "",
        "plain",
        "quote \" inside",
        "back\\slash and \\u0041 literally",
        "line\nbreak\r\nand\ttab",
        "nul \0 and bell \u0007 and escape \u001b[2J",
        "\b\f",
        "del \u007f and C1 \u0085 \u009b",
        "separators \u2028 \u2029",
        "emoji 🎥 and CJK 录音",
        "lone high \ud83c end",
        "lone low \udfa5 end",
        "reversed pair \udfa5\ud83c",
        "</script><script>alert(1)</script>",
        "{\"event\":\"fake\"}",
        "x".repeat(70_000));
  }

  @ParameterizedTest(name = "[{index}] a hostile string round-trips")
  @MethodSource("hostileStrings")
  void aHostileStringRoundTripsThroughAnIndependentParser(String s) throws Exception {
    String line = JsonLine.object().put("text", s).put("n", 7).toString();

    assertSingleLineValidUtf8(line);
    JsonNode node = JACKSON.readTree(line);
    assertThat(node.get("text").asText()).isEqualTo(s);
    assertThat(node.get("n").asLong()).isEqualTo(7);
    assertThat(node.size()).isEqualTo(2);
  }

  @Test
  void controlCharactersUseTheShortEscapesOrUnicodeEscapes() {
    assertThat(JsonLine.object().put("k", "a\"b\\c\nd\u0001\u2028").toString())
        .isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\u0001\\u2028\"}");
  }

  @Test
  void nonFiniteNumbersBecomeNull() throws Exception {
    JsonNode node =
        JACKSON.readTree(
            JsonLine.object().put("a", Double.NaN).put("b", Double.POSITIVE_INFINITY).toString());
    assertThat(node.get("a").isNull()).isTrue();
    assertThat(node.get("b").isNull()).isTrue();
  }

  @Test
  void tenThousandRandomStringsRoundTrip() throws Exception {
    Random random = new Random(20261121);
    for (int i = 0; i < 10_000; i++) {
      char[] chars = new char[random.nextInt(40)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] =
            switch (random.nextInt(4)) {
              case 0 -> (char) random.nextInt(0x20);
              case 1 -> (char) (0xd800 + random.nextInt(0x800)); // surrogates, paired or not
              case 2 -> "\"\\/\u2028\u2029\u007f".charAt(random.nextInt(6));
              default -> (char) random.nextInt(0x10000);
            };
      }
      String s = new String(chars);
      String key = new String(chars, 0, chars.length / 2);
      String line = JsonLine.object().put(key, s).putStrings("list", List.of(s, key)).toString();

      assertSingleLineValidUtf8(line);
      JsonNode node = JACKSON.readTree(line);
      assertThat(node.get(key).asText()).isEqualTo(s);
      assertThat(node.get("list").get(0).asText()).isEqualTo(s);
    }
  }

  @Test
  void everyEventTypeIsOneJsonObjectWithItsFields() throws Exception {
    String hostile = "cam\"1\n\u001b[31m";
    List<RecorderEvent> events =
        List.of(
            new RecorderEvent.SignalingChanged(ScriptedEngine.T0, true, "joined"),
            new RecorderEvent.ParticipantJoined(ScriptedEngine.T0, hostile, "uuid"),
            new RecorderEvent.ParticipantLeft(ScriptedEngine.T0, hostile, "bye"),
            new RecorderEvent.PeerStateChanged(
                ScriptedEngine.T0, hostile, PeerState.CONNECTING, PeerState.FAILED, "timeout"),
            new RecorderEvent.RecordingStarted(ScriptedEngine.T0, hostile, Path.of("a b\".ts")),
            new RecorderEvent.RecordingStopped(
                ScriptedEngine.T0, hostile, Path.of("a.ts"), Duration.ofMillis(1500), 42, "closed"),
            new RecorderEvent.Error(ScriptedEngine.T0, null, "disk full"));
    List<String> types =
        List.of(
            "signaling",
            "participant_joined",
            "participant_left",
            "state",
            "recording_started",
            "recording_stopped",
            "error");
    for (int i = 0; i < events.size(); i++) {
      String line = JsonEvents.of(events.get(i));
      assertSingleLineValidUtf8(line);
      JsonNode node = JACKSON.readTree(line);
      assertThat(node.get("event").asText()).isEqualTo(types.get(i));
      assertThat(node.get("time").asText()).isEqualTo("2026-11-21T10:00:00Z");
      if (i > 0 && i < 6) {
        assertThat(node.get("stream").asText()).isEqualTo(hostile);
      }
    }
    JsonNode failed = JACKSON.readTree(JsonEvents.of(events.get(3)));
    assertThat(failed.get("to").asText()).isEqualTo("FAILED");
    assertThat(failed.get("failed_while").asText()).isEqualTo("CHECKING");
    assertThat(failed.get("hint").asText()).contains("TURN");
    JsonNode stopped = JACKSON.readTree(JsonEvents.of(events.get(5)));
    assertThat(stopped.get("media_seconds").asDouble()).isEqualTo(1.5);
    assertThat(stopped.get("bytes").asLong()).isEqualTo(42);
    assertThat(JACKSON.readTree(JsonEvents.of(events.get(6))).get("stream").isNull()).isTrue();
  }

  static void assertSingleLineValidUtf8(String line) throws CharacterCodingException {
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    for (int i = 0; i < line.length(); i++) {
      assertThat(line.charAt(i)).as("raw control character at %d", i).isGreaterThanOrEqualTo(' ');
    }
    ByteBuffer bytes =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(line));
    assertThat(bytes.remaining()).isPositive();
  }
}
