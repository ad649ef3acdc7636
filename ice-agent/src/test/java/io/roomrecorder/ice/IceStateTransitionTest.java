package io.roomrecorder.ice;

import static io.roomrecorder.ice.IceState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every (from, to) row of the ICE state table. */
class IceStateTransitionTest {
  private static final Map<IceState, Set<IceState>> ALLOWED =
      Map.of(
          NEW, EnumSet.of(GATHERING, FAILED, CLOSED),
          GATHERING, EnumSet.of(CHECKING, FAILED, CLOSED),
          CHECKING, EnumSet.of(CONNECTED, FAILED, CLOSED),
          CONNECTED, EnumSet.of(COMPLETED, DISCONNECTED, FAILED, CLOSED),
          COMPLETED, EnumSet.of(DISCONNECTED, FAILED, CLOSED),
          DISCONNECTED, EnumSet.of(CONNECTED, COMPLETED, FAILED, CLOSED),
          FAILED, EnumSet.of(CLOSED),
          CLOSED, EnumSet.noneOf(IceState.class));

  @Test
  void everyTransitionIsAllowedExactlyWhenTheTableSaysSo() {
    for (IceState from : IceState.values()) {
      for (IceState to : IceState.values()) {
        assertThat(IceAgent.isAllowed(from, to))
            .as(from + " -> " + to)
            .isEqualTo(ALLOWED.get(from).contains(to));
      }
    }
  }

  @Test
  void failedAndClosedAreFinal() {
    assertThat(FAILED.isFinal()).isTrue();
    assertThat(CLOSED.isFinal()).isTrue();
    assertThat(EnumSet.complementOf(EnumSet.of(FAILED, CLOSED))).noneMatch(IceState::isFinal);
  }
}
