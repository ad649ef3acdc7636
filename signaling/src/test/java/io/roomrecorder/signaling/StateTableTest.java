package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.signaling.SignalingMachine.State;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every (state, input) → state row of the connection state machine, for both sides. */
class StateTableTest {

  static final long LATER = 10_000_000;

  static SignalingMachine in(State state, Function<SignalingConfig, SignalingMachine> make) {
    SignalingMachine m =
        make.apply(
            SignalingConfig.builder()
                .server("ws://127.0.0.1:1")
                .room("r")
                .streamId("s")
                .routing(SignalingConfig.Routing.ROUTED)
                .build());
    switch (state) {
      case IDLE -> {}
      case CONNECTING -> m.start(0);
      case OPEN -> {
        m.start(0);
        m.handleOpen(0);
      }
      case BACKOFF -> {
        m.start(0);
        m.handleClosed("refused", 0);
      }
      case CLOSED -> m.close(0);
    }
    assertThat(m.state()).isEqualTo(state);
    return m;
  }

  static void apply(SignalingMachine m, String input) {
    switch (input) {
      case "start" -> m.start(1);
      case "open" -> m.handleOpen(1);
      case "closed" -> m.handleClosed("gone", 1);
      case "timeout" -> m.handleTimeout(LATER);
      case "close" -> m.close(1);
      case "text" -> m.handleText("{\"request\":\"listing\",\"list\":[]}", 1);
      default -> throw new AssertionError(input);
    }
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource({
    "IDLE, start, CONNECTING",
    "IDLE, open, IDLE",
    "IDLE, closed, IDLE",
    "IDLE, timeout, IDLE",
    "IDLE, text, IDLE",
    "IDLE, close, CLOSED",
    "CONNECTING, start, CONNECTING",
    "CONNECTING, open, OPEN",
    "CONNECTING, closed, BACKOFF",
    "CONNECTING, timeout, CONNECTING",
    "CONNECTING, text, CONNECTING",
    "CONNECTING, close, CLOSED",
    "OPEN, start, OPEN",
    "OPEN, open, OPEN",
    "OPEN, closed, BACKOFF",
    "OPEN, timeout, OPEN",
    "OPEN, text, OPEN",
    "OPEN, close, CLOSED",
    "BACKOFF, start, BACKOFF",
    "BACKOFF, open, BACKOFF",
    "BACKOFF, closed, BACKOFF",
    "BACKOFF, timeout, CONNECTING",
    "BACKOFF, text, BACKOFF",
    "BACKOFF, close, CLOSED",
    "CLOSED, start, CLOSED",
    "CLOSED, open, CLOSED",
    "CLOSED, closed, CLOSED",
    "CLOSED, timeout, CLOSED",
    "CLOSED, text, CLOSED",
    "CLOSED, close, CLOSED"
  })
  void theRecorderAndThePublisherFollowTheSameTable(State from, String input, State to) {
    SignalingMachine recorder = in(from, c -> new SignalingSession(c, new Random(1)));
    apply(recorder, input);
    assertThat(recorder.state()).as("recorder").isEqualTo(to);
    SignalingMachine publisher = in(from, c -> new PublisherSession(c, new Random(1)));
    apply(publisher, input);
    assertThat(publisher.state()).as("publisher").isEqualTo(to);
  }
}
