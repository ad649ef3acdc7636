package io.roomrecorder.ts.opus;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.ts.testing.SampleMedia;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6716 §3.1 TOC byte and §3.2 frame packing. */
class OpusPacketTest {
  @ParameterizedTest(name = "packet {0} lasts {1} samples at 48 kHz")
  @CsvSource({
    "fc, 960", // CELT FB 20 ms, code 0
    "f8, 960", // CELT FB 20 ms mono, code 0
    "e0, 120", // CELT 2.5 ms
    "0800, 960", // SILK NB 20 ms
    "1800, 2880", // SILK NB 60 ms
    "7800, 960", // Hybrid FB 20 ms
    "7000, 480", // Hybrid FB 10 ms
    "fd0102, 1920", // code 1: two equal frames
    "fe010203, 1920", // code 2: first frame 1 byte
    "ff03, 2880", // code 3: 3 frames of 20 ms
    "1b02, 5760", // code 3: 2 frames of 60 ms (SILK NB) = 120 ms
    "fb, -1", // code 3 without the frame count byte
    "fd00, -1", // code 1 with an odd payload
    "ff00, -1", // code 3 with zero frames
    "ff07, -1", // code 3: 7 x 20 ms = 140 ms > 120 ms
    "fefc, -1", // code 2: two-byte length missing
    "fe0a01, -1" // code 2: first frame longer than the packet
  })
  void durationFollowsTheToc(String hex, int samples) {
    byte[] b = HexFormat.of().parseHex(hex);
    assertThat(OpusPacket.durationSamples48k(b, 0, b.length)).isEqualTo(samples);
    // the same packet as a view inside junk (0xFF after it must not be read as length bytes)
    byte[] framed = new byte[b.length + 7];
    java.util.Arrays.fill(framed, (byte) 0xFF);
    System.arraycopy(b, 0, framed, 3, b.length);
    assertThat(OpusPacket.durationSamples48k(framed, 3, b.length)).isEqualTo(samples);
  }

  @Test
  void emptyIsMalformedAndEveryLibopusSamplePacketIs20ms() {
    assertThat(OpusPacket.durationSamples48k(new byte[1], 0, 0)).isEqualTo(-1);
    for (byte[] p : SampleMedia.opusPackets(SampleMedia.OPUS_STEREO)) {
      assertThat(OpusPacket.durationSamples48k(p, 0, p.length)).isEqualTo(960);
    }
  }
}
