package io.roomrecorder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecorderConfigTest {

  @Test
  void aRoomRecordingHasPublishPyDefaults() {
    RecorderConfig c =
        RecorderConfig.builder()
            .room("myroom")
            .recordRoom(true)
            .outputFolder(Path.of("out"))
            .build();
    assertThat(c.server()).isEqualTo("wss://wss.vdo.ninja:443");
    assertThat(c.stunServers()).containsExactly("stun:stun.l.google.com:19302");
    assertThat(c.password()).isEmpty();
    assertThat(c.audio()).isTrue();
    assertThat(c.iceTransportPolicy()).isEqualTo(IceTransportPolicy.ALL);
    assertThat(c.streamsFilter()).isEmpty();
  }

  @Test
  void theConfigIsImmutableAfterBuild() {
    RecorderConfig.Builder b =
        RecorderConfig.builder().room("r").recordRoom(true).streamsFilter(List.of("a"));
    RecorderConfig c = b.build();
    b.streamsFilter(List.of("b", "c"));
    assertThat(c.streamsFilter()).containsExactly("a");
    assertThatThrownBy(() -> c.streamsFilter().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("nothing to record", (UnaryOperator<RecorderConfig.Builder>) b -> b, "room"),
        Arguments.of(
            "a room without recordRoom or stream",
            (UnaryOperator<RecorderConfig.Builder>) b -> b.room("r"),
            "recordRoom"),
        Arguments.of(
            "an https server",
            (UnaryOperator<RecorderConfig.Builder>) b -> b.streamId("s").server("https://x"),
            "ws://"),
        Arguments.of(
            "relay-only without TURN",
            (UnaryOperator<RecorderConfig.Builder>)
                b -> b.streamId("s").iceTransportPolicy(IceTransportPolicy.RELAY),
            "TURN"),
        Arguments.of(
            "a filter without recordRoom",
            (UnaryOperator<RecorderConfig.Builder>)
                b -> b.streamId("s").streamsFilter(List.of("a")),
            "filter"),
        Arguments.of(
            "a zero media timeout",
            (UnaryOperator<RecorderConfig.Builder>)
                b -> b.streamId("s").mediaTimeout(Duration.ZERO),
            "mediaTimeout"),
        Arguments.of(
            "a blank room",
            (UnaryOperator<RecorderConfig.Builder>) b -> b.room(" ").recordRoom(true),
            "blank"),
        Arguments.of(
            "a bad STUN URL",
            (UnaryOperator<RecorderConfig.Builder>)
                b -> b.streamId("s").stunServers(List.of("http://x")),
            "stun:"),
        Arguments.of(
            "a bad network",
            (UnaryOperator<RecorderConfig.Builder>)
                b -> b.streamId("s").allowedRemoteNetworks(List.of("evil; rm")),
            "CIDR"));
  }

  @ParameterizedTest(name = "{0} is refused")
  @MethodSource("invalid")
  void invalidConfigurationsAreRefusedWithTheReason(
      String name, UnaryOperator<RecorderConfig.Builder> setup, String reason) {
    assertThatThrownBy(() -> setup.apply(RecorderConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void aTurnUrlMustBeTurn() {
    assertThatThrownBy(() -> new TurnServer("stun:x", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TurnServer("turns:x:443", "u", "secret").toString()).doesNotContain("secret");
  }
}
