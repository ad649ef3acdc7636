package io.roomrecorder.testpeer.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleClipTest {

  @Test
  void theClipHasTenSecondsOfVideoWithAKeyframeEveryTwoSeconds() {
    List<AccessUnit> video = SampleClip.h264().video();
    assertThat(video).hasSize(300);
    List<Integer> keyframes = new ArrayList<>();
    for (int i = 0; i < video.size(); i++) {
      if (video.get(i).keyframe()) {
        keyframes.add(i);
      }
    }
    assertThat(keyframes).containsExactly(0, 60, 120, 180, 240);
  }

  @Test
  void everyKeyframeCarriesItsParameterSets() {
    for (AccessUnit au : SampleClip.h264().video()) {
      if (au.keyframe()) {
        assertThat(au.nalUnits().stream().map(AccessUnit::type))
            .contains(AccessUnit.NAL_SPS, AccessUnit.NAL_PPS, AccessUnit.NAL_IDR);
      }
    }
  }

  @Test
  void theAudioIsTenSecondsOfTwentyMillisecondOpusPackets() {
    List<byte[]> audio = SampleClip.h264().audio();
    // libopus may add one packet of pre-skip; 10 s of 20 ms packets is 500.
    assertThat(audio.size()).isBetween(500, 502);
    for (byte[] packet : audio) {
      int config = (packet[0] & 0xFF) >>> 3; // RFC 6716 §3.1 TOC
      int frameCountCode = packet[0] & 0x3;
      assertThat(config % 4).as("20 ms frame size in TOC config %d", config).isEqualTo(3);
      assertThat(frameCountCode).isZero();
    }
  }

  @Test
  void annexBSplitterFindsThreeAndFourByteStartCodes() {
    byte[] stream = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, (byte) 0x88, 9};
    List<byte[]> nals = AnnexB.nalUnits(stream);
    assertThat(nals)
        .containsExactly(
            new byte[] {0x67, 1, 2}, new byte[] {0x68, 3}, new byte[] {0x65, (byte) 0x88, 9});
    List<AccessUnit> units = AnnexB.accessUnits(nals);
    assertThat(units).hasSize(1);
    assertThat(units.get(0).keyframe()).isTrue();
  }
}
