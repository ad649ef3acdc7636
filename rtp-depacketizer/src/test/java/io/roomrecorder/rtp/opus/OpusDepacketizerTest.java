package io.roomrecorder.rtp.opus;

import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameRecorder;
import io.roomrecorder.rtp.PacketTrace;
import io.roomrecorder.rtp.TestBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusDepacketizerTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CELT fullband 20 ms, code 0: one frame of 960 samples | f8 aa bb | true | 1 | 960",
        "a TOC byte alone is one empty frame (DTX/PLC) | f8 | true | 1 | 960",
        "SILK 10 ms, code 1: two equal frames | 01 aa bb cc dd | true | 2 | 960",
        "code 1 with an odd byte count breaks R3 | 01 aa bb cc | false | 0 | 0",
        "code 2: first length 3, second the rest | 02 03 aa bb cc dd | true | 2 | 960",
        "code 2 whose first length runs past the end breaks R4 | 02 09 aa | false | 0 | 0",
        "code 2 with a two-byte length missing its second byte | 02 fc | false | 0 | 0",
        "CELT 2.5 ms code 3 CBR, three frames | 83 03 aa bb cc | true | 3 | 360",
        "code 3 with zero frames breaks R5 | 83 00 | false | 0 | 0",
        "SILK 60 ms code 3 with three frames is 180 ms, beyond R5's 120 ms | 1b 03 aa | false | 0 | 0",
        "code 3 CBR bytes not divisible by the count breaks R6 | 83 03 aa bb | false | 0 | 0",
        "code 3 VBR with padding: lengths 1 and 2, last frame 0 | 83 c3 02 01 02 aa bb cc 00 00"
            + " | true | 3 | 360",
        "code 3 padding longer than the packet | 83 43 09 aa | false | 0 | 0",
        "hybrid 20 ms stereo code 0 | 6c aa | true | 1 | 960",
      })
  void tocAndFramePacking(String sentence, String packet, boolean valid, int frames, int samples) {
    byte[] b = hex(packet);
    for (int off : TestBytes.OFFSETS) {
      OpusToc toc = new OpusToc();
      assertThat(toc.parse(embed(b, off), off, b.length)).isEqualTo(valid);
      if (valid) {
        assertThat(toc.frameCount).isEqualTo(frames);
        assertThat(toc.durationSamples).isEqualTo(samples);
      }
    }
  }

  @Test
  void aFrameLongerThan1275BytesBreaksR2() {
    byte[] b = new byte[1277];
    b[0] = (byte) 0xf8;
    assertThat(new OpusToc().parse(b, 0, b.length)).isFalse();
    assertThat(new OpusToc().parse(b, 0, 1276)).isTrue();
  }

  static String run(String trace) {
    FrameRecorder r = new FrameRecorder();
    PacketTrace.run(trace, 111, new OpusDepacketizer(r), 1000);
    return String.join(" ; ", r.events);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "packets pass through unchanged, one frame each"
            + " | 1/0:f8aa 2/960:f8bb | F0 key flags=0 f8aa ; F960 key flags=0 f8bb",
        "a timestamp jump without a sequence gap is a DTX pause"
            + " | 1/0:f8aa 2/960:f8bb 3/20160:f8cc"
            + " | F0 key flags=0 f8aa ; F960 key flags=0 f8bb ; F20160 key flags="
            + FrameFlags.DTX_GAP
            + " f8cc",
        "a lost packet is reported once and flags the next"
            + " | 1/0:f8aa 3/1920:f8cc 4/2880:f8dd"
            + " | F0 key flags=0 f8aa ; D960 MISSING_PACKETS ; F1920 key flags=1 f8cc"
            + " ; F2880 key flags=0 f8dd",
        "a malformed packet is dropped and counted | 1/0:f8aa 2/960:01aabbcc 3/1920:f8cc"
            + " | F0 key flags=0 f8aa ; F1920 key flags=0 f8cc",
        "the sequence and timestamp wrap | 65535/4294966336:f8aa 0/0:f8bb"
            + " | F4294966336 key flags=0 f8aa ; F4294967296 key flags=0 f8bb",
      })
  void traces(String sentence, String trace, String expected) {
    assertThat(run(trace)).isEqualTo(expected);
  }

  @Test
  void dtxGapSizeAndFrameDurationAreReadableDuringTheCallback() {
    long[] seen = new long[3];
    OpusDepacketizer[] d = new OpusDepacketizer[1];
    d[0] =
        new OpusDepacketizer(
            new io.roomrecorder.rtp.FrameListener() {
              @Override
              public void onFrame(byte[] b, int o, int l, long ts, boolean k, int f) {
                seen[0] = d[0].gapSamples();
                seen[1] = d[0].durationSamples();
                seen[2] = d[0].frameCount();
              }

              @Override
              public void onDamagedFrame(long ts, io.roomrecorder.rtp.DamageReason r) {}
            });
    PacketTrace.run("1/0:f8aa 2/960:f8bb 3/20160:0b03aabbcc", 111, d[0], 1000);
    assertThat(seen).containsExactly(20160 - 1920, 2880, 3);
    assertThat(d[0].stats().malformed()).isZero();
  }
}
