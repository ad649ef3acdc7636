package io.roomrecorder.webm.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.webm.testing.Frame;
import io.roomrecorder.webm.testing.Samples;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusTest {

  @ParameterizedTest(name = "TOC config {0} lasts {1} samples at 48 kHz (RFC 6716 Table 2)")
  @CsvSource({
    "0, 480",
    "1, 960",
    "2, 1920",
    "3, 2880", // SILK NB 10/20/40/60 ms
    "11, 2880",
    "12, 480",
    "13, 960",
    "15, 960", // Hybrid 10/20 ms
    "16, 120",
    "17, 240",
    "18, 480",
    "19, 960",
    "31, 960" // CELT 2.5/5/10/20 ms
  })
  void frameDurationsFollowTable2(int config, int samples) {
    assertThat(OpusPacket.frameSamples(config)).isEqualTo(samples);
    byte[] onePacket = {(byte) (0xEE), (byte) (config << 3), 0x00, (byte) 0xEE};
    assertThat(OpusPacket.samples(onePacket, 1, 2)).isEqualTo(samples);
  }

  @ParameterizedTest(name = "{0}: {1} samples")
  @CsvSource({
    "code 0 one frame, fc00, 960",
    "code 1 two equal frames, fd0000, 1920",
    "code 1 with an odd payload breaks R3, fd00, -1",
    "code 2 two frames, fe0100, 1920",
    "code 2 without a length, fe, -1",
    "code 3 three frames, ff03, 2880",
    "code 3 six 20 ms frames reach 120 ms, ff06, 5760",
    "code 3 seven 20 ms frames exceed 120 ms (R5), ff07, -1",
    "code 3 zero frames, ff00, -1",
    "code 3 without a frame count, ff, -1"
  })
  void packetDurationsAndFramingRules(String what, String hex, int samples) {
    byte[] p = HexFormat.of().parseHex(hex);
    assertThat(OpusPacket.samples(p, 0, p.length)).isEqualTo(samples);
  }

  @Test
  void emptyPacketIsInvalidAndRandomPacketsNeverThrow() {
    assertThat(OpusPacket.samples(new byte[4], 2, 0)).isEqualTo(-1);
    Random random = new Random(6716);
    for (int i = 0; i < 50_000; i++) {
      byte[] p = new byte[1 + random.nextInt(4)];
      random.nextBytes(p);
      assertThat(OpusPacket.samples(p, 0, p.length)).isBetween(-1, OpusPacket.MAX_SAMPLES);
    }
  }

  @Test
  void everyPacketOfTheLibopusSampleIs20Ms() {
    for (Frame f : Samples.opus()) {
      assertThat(OpusPacket.samples(f.data(), 0, f.data().length)).isEqualTo(960);
    }
  }

  @Test
  void opusHeadFollowsRfc7845Section51() {
    byte[] head = OpusHead.build(2, 312, 44100);
    // "OpusHead", version 1, 2 channels, pre-skip 312 LE, 44100 Hz LE, gain 0, family 0
    assertThat(HexFormat.of().formatHex(head))
        .isEqualTo("4f707573486561640102" + "3801" + "44ac0000" + "0000" + "00");
    assertThat(head).hasSize(OpusHead.LENGTH);
  }

  @Test
  void opusHeadRefusesWhatFamilyZeroCannotSay() {
    assertThatThrownBy(() -> OpusHead.build(3, 0, 48000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpusHead.build(2, 70000, 48000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
