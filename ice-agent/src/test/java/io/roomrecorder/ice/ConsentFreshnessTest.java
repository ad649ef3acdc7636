package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ice.testing.AgentPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 7675 consent freshness on the selected pair, as ice4j sends it, watched by the agent. */
class ConsentFreshnessTest {

  @Test
  void anIdleHealthyPairStaysCompletedAndALostPeerGoesDisconnectedThenFailed() {
    IceConfig config =
        AgentPair.loopback()
            .disconnectedTimeout(Duration.ofSeconds(3))
            .consentExpiry(Duration.ofSeconds(6))
            .build();
    try (AgentPair pair = new AgentPair(config, config)) {
      pair.start().awaitCompleted(Duration.ofSeconds(10));
      // Longer than the disconnect timeout with no application data: only consent keeps it fresh.
      assertThat(
              AgentPair.await(
                  () ->
                      pair.offerer.state() != IceState.COMPLETED
                          || pair.answerer.state() != IceState.COMPLETED,
                  Duration.ofSeconds(5)))
          .as("offerer %s, answerer %s", pair.offerer.reasons, pair.answerer.reasons)
          .isFalse();

      pair.answerer.agent.close();
      assertThat(
              AgentPair.await(
                  () -> pair.offerer.states.contains(IceState.FAILED), Duration.ofSeconds(12)))
          .isTrue();
      assertThat(pair.offerer.states)
          .containsSubsequence(IceState.COMPLETED, IceState.DISCONNECTED, IceState.FAILED);
      assertThat(pair.offerer.reasons)
          .anySatisfy(r -> assertThat(r).startsWith("FAILED: consent expired"));
    }
  }
}
