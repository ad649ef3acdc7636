package io.roomrecorder.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceGapsTest {

  @Test
  void consecutiveNumbersHaveNoGapAndAJumpHasOne() {
    SequenceGaps g = new SequenceGaps();
    assertThat(g.next(70_000)).as("the first packet").isFalse();
    assertThat(g.next(70_001)).isFalse();
    assertThat(g.next(70_003)).as("70_002 missing").isTrue();
    assertThat(g.next(70_004)).isFalse();
  }

  @Test
  void aReportedLossMarksTheNextPacketOnly() {
    SequenceGaps g = new SequenceGaps();
    g.next(1);
    g.lost();
    assertThat(g.next(2)).isTrue();
    assertThat(g.next(3)).isFalse();
  }

  @Test
  void aGapBeforeAPaddingPacketIsCarriedToTheNextOne() {
    SequenceGaps g = new SequenceGaps();
    g.next(10);
    boolean gap = g.next(12); // a padding-only packet after a loss
    g.carry(gap);
    assertThat(g.next(13)).as("the frame after the padding may have lost its start").isTrue();
    assertThat(g.next(14)).isFalse();
  }
}
