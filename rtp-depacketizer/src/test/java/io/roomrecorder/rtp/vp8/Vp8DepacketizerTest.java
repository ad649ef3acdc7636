package io.roomrecorder.rtp.vp8;

import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameRecorder;
import io.roomrecorder.rtp.PacketTrace;
import io.roomrecorder.rtp.ReorderBuffer;
import io.roomrecorder.rtp.ReorderConfig;
import io.roomrecorder.rtp.TestBytes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Vp8DepacketizerTest {
  // A key frame header (RFC 6386 §9.1): tag with P=0, start code, 640x480 with scaling 1 and 2
  static final String KEY = "500100" + "9d012a" + "8042" + "e081" + "aabb";
  static final String DELTA = "510100cc";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "the one-byte descriptor | 10 aa | true | 1 | true | 0 | -1 | -1 | -1 | -1",
        "a later partition without S | 03 aa | true | 1 | false | 3 | -1 | -1 | -1 | -1",
        "a 7-bit PictureID | 90 80 55 aa | true | 3 | true | 0 | 85 | -1 | -1 | -1",
        "a 15-bit PictureID | 90 80 81 23 aa | true | 4 | true | 0 | 291 | -1 | -1 | -1",
        "PictureID, TL0PICIDX, TID/Y and KEYIDX | 90 f0 81 23 07 a5 aa | true | 6 | true | 0 | 291"
            + " | 7 | 2 | 5",
        "only KEYIDX still takes the T/K byte | 90 10 1f aa | true | 3 | true | 0 | -1 | -1 | -1"
            + " | 31",
        "X without its extension byte | 90 | false | 0 | false | 0 | 0 | 0 | 0 | 0",
        "a 15-bit PictureID cut short | 90 80 81 | false | 0 | false | 0 | 0 | 0 | 0 | 0",
        "TL0PICIDX missing | 90 40 | false | 0 | false | 0 | 0 | 0 | 0 | 0",
        "a descriptor with no payload after it | 10 | false | 0 | false | 0 | 0 | 0 | 0 | 0",
      })
  void payloadDescriptor(
      String sentence,
      String bytes,
      boolean valid,
      int length,
      boolean start,
      int pid,
      int pictureId,
      int tl0,
      int tid,
      int keyIdx) {
    byte[] b = hex(bytes);
    for (int off : TestBytes.OFFSETS) {
      Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
      assertThat(d.parse(embed(b, off), off, b.length)).isEqualTo(valid);
      if (valid) {
        assertThat(d.length).isEqualTo(length);
        assertThat(d.startOfPartition).isEqualTo(start);
        assertThat(d.partitionId).isEqualTo(pid);
        assertThat(d.pictureId).isEqualTo(pictureId);
        assertThat(d.tl0PicIdx).isEqualTo(tl0);
        assertThat(d.temporalLayer).isEqualTo(tid);
        assertThat(d.keyIndex).isEqualTo(keyIdx);
      }
    }
  }

  static String run(String trace) {
    FrameRecorder r = new FrameRecorder();
    PacketTrace.run(trace, 100, new Vp8Depacketizer(r), 1000);
    return String.join(" ; ", r.events);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a key frame in one packet | 1/0/m:10" + KEY + " | F0 key flags=8 " + KEY,
        "a key frame in three packets, partitions 0 and 1 | 1/0:10"
            + KEY
            + " 2/0:00dd 3/0/m:11ee"
            + " | F0 key flags=8 "
            + KEY
            + "ddee",
        "a delta frame after the key frame | 1/0/m:10"
            + KEY
            + " 2/3000/m:90800a"
            + DELTA
            + " | F0 key flags=8 "
            + KEY
            + " ; F3000 delta flags=0 "
            + DELTA,
        "a padding-only packet between frames is ignored | 1/0/m:10"
            + KEY
            + " 2/0: 3/3000/m:10"
            + DELTA
            + " | F0 key flags=8 "
            + KEY
            + " ; F3000 delta flags=0 "
            + DELTA,
        "a frame without its first packet is damaged | 1/0:00dd 2/0/m:00ee | D0 MISSING_START",
        "a gap inside a frame damages it and flags the next delta frame"
            + " | 1/0/m:10"
            + KEY
            + " 2/3000:10"
            + DELTA
            + " 4/3000/m:00ee 5/6000/m:10"
            + DELTA
            + " | F0 key flags=8 "
            + KEY
            + " ; D3000 MISSING_PACKETS ; F6000 delta flags="
            + FrameFlags.AFTER_DAMAGE
            + " "
            + DELTA,
        "a malformed descriptor damages its frame | 1/0:10"
            + KEY
            + " 2/0/m:90"
            + " | D0 MALFORMED_PAYLOAD",
        "a timestamp change ends a frame whose marker is missing"
            + " | 1/0:10"
            + KEY
            + " 2/3000/m:10"
            + DELTA
            + " | F0 key flags=24 "
            + KEY
            + " ; F3000 delta flags=0 "
            + DELTA,
        "a key frame without the start code is malformed | 1/0/m:10500100000000aabbccdd"
            + " | D0 MALFORMED_PAYLOAD",
        "a frame shorter than the payload header is malformed | 1/0/m:1050 | D0 MALFORMED_PAYLOAD",
      })
  void traces(String sentence, String trace, String expected) {
    assertThat(run(trace)).isEqualTo(expected);
  }

  @Test
  void keyFrameSizeAndScalingAreRead() {
    FrameRecorder r = new FrameRecorder();
    Vp8Depacketizer d = new Vp8Depacketizer(r);
    PacketTrace.run("1/0/m:90800a" + KEY, 100, d, 1000);
    assertThat(d.width()).isEqualTo(640);
    assertThat(d.height()).isEqualTo(480);
    assertThat(d.horizontalScale()).isEqualTo(1);
    assertThat(d.verticalScale()).isEqualTo(2);
    assertThat(d.pictureId()).isEqualTo(10);
  }

  // --- a real libvpx stream, packetized per RFC 7741 and reassembled ---

  static List<byte[]> ivfFrames() throws IOException {
    byte[] d;
    try (InputStream in =
        Vp8DepacketizerTest.class.getResourceAsStream("/vp8/testsrc2-320x180-30f.ivf")) {
      d = in.readAllBytes();
    }
    List<byte[]> frames = new ArrayList<>();
    int p = 32;
    while (p + 12 <= d.length) {
      int n = (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16 | d[p + 3] << 24;
      frames.add(Arrays.copyOfRange(d, p + 12, p + 12 + n));
      p += 12 + n;
    }
    return frames;
  }

  /** RFC 7741 packetizer for tests: 15-bit PictureID, TL0PICIDX, one partition split by size. */
  static List<byte[]> packetize(List<byte[]> frames, int maxPayload, int firstSeq) {
    List<byte[]> packets = new ArrayList<>();
    int seq = firstSeq;
    for (int f = 0; f < frames.size(); f++) {
      byte[] frame = frames.get(f);
      int pictureId = (32760 + f) & 0x7FFF; // the PictureID wraps too
      for (int p = 0; p < frame.length; ) {
        int n = Math.min(maxPayload - 5, frame.length - p);
        byte[] payload = new byte[5 + n];
        payload[0] = (byte) (0x80 | (p == 0 ? 0x10 : 0));
        payload[1] = (byte) 0xC0; // I and L
        payload[2] = (byte) (0x80 | (pictureId >>> 8));
        payload[3] = (byte) pictureId;
        payload[4] = (byte) f;
        System.arraycopy(frame, p, payload, 5, n);
        p += n;
        packets.add(
            TestBytes.rtp(
                100, p == frame.length, seq++ & 0xFFFF, 3000L * f, PacketTrace.SSRC, payload));
      }
    }
    return packets;
  }

  @Test
  void aRealLibvpxStreamSurvivesPacketizationAndReordering() throws IOException {
    List<byte[]> frames = ivfFrames();
    assertThat(frames).hasSize(30);
    List<byte[]> wire = packetize(frames, 1200, 65530);
    Random rnd = new Random(7741);
    for (int i = 0; i + 1 < wire.size(); i++) {
      if (rnd.nextInt(4) == 0) {
        Collections.swap(wire, i, i + 1);
        i++;
      }
    }
    FrameRecorder r = new FrameRecorder();
    Vp8Depacketizer d = new Vp8Depacketizer(r);
    ReorderBuffer buffer = new ReorderBuffer(ReorderConfig.builder(90000).build());
    long now = 0;
    for (byte[] p : wire) {
      PacketTrace.pushAndDrain(buffer, p, d, now++);
    }
    assertThat(r.frames).hasSize(30);
    for (int f = 0; f < 30; f++) {
      assertThat(r.frames.get(f)).as("frame %d", f).isEqualTo(frames.get(f));
      assertThat(r.keyframes.get(f)).as("key %d", f).isEqualTo(f == 0 || f == 15);
    }
    assertThat(d.width()).isEqualTo(320);
    assertThat(d.height()).isEqualTo(180);
    assertThat(d.pictureId()).isEqualTo((32760 + 29) & 0x7FFF);
    assertThat(d.tl0PicIdx()).isEqualTo(29);
    assertThat(d.stats().balanced()).isTrue();
    assertThat(r.events.stream().filter(e -> e.startsWith("D"))).isEmpty();
  }

  @Test
  void aLostPacketOfAKeyFrameIsReportedAndLaterFramesAreFlaggedUntilTheNextKeyFrame()
      throws IOException {
    List<byte[]> frames = ivfFrames();
    List<byte[]> wire = packetize(frames, 1200, 1);
    wire.remove(2); // frame 0 (6311 bytes) spans six packets
    FrameRecorder r = new FrameRecorder();
    Vp8Depacketizer d = new Vp8Depacketizer(r);
    ReorderBuffer buffer = new ReorderBuffer(ReorderConfig.builder(90000).holdTimeMs(10).build());
    long now = 0;
    for (byte[] p : wire) {
      PacketTrace.pushAndDrain(buffer, p, d, now);
      now += 5;
    }
    assertThat(r.events.get(0)).isEqualTo("D0 " + DamageReason.MISSING_PACKETS);
    assertThat(r.frames).hasSize(29);
    for (int i = 0; i < 29; i++) {
      int f = i + 1;
      assertThat(r.frames.get(i)).isEqualTo(frames.get(f));
      assertThat((r.flags.get(i) & FrameFlags.AFTER_DAMAGE) != 0).isEqualTo(f < 15);
    }
  }
}
