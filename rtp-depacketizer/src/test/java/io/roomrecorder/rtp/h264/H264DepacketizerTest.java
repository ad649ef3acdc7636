package io.roomrecorder.rtp.h264;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameRecorder;
import io.roomrecorder.rtp.PacketTrace;
import io.roomrecorder.rtp.ReorderBuffer;
import io.roomrecorder.rtp.ReorderConfig;
import io.roomrecorder.rtp.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H264DepacketizerTest {
  static final String SPS = "6742c01fd9005005bb0110000003001000000303c0f1832480"; // 1280x720
  static final String PPS = "68ce3c80";
  static final String SC = "00000001";

  static String run(String trace) {
    FrameRecorder r = new FrameRecorder();
    PacketTrace.run(trace, 96, new H264Depacketizer(r), 1000);
    return String.join(" ; ", r.events);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a single NAL unit packet with the marker is one access unit"
            + " | 1/3000/m:4100aa | F3000 delta flags=0 000000014100aa",
        "two single NAL packets of one timestamp form one access unit"
            + " | 1/3000:4100aa 2/3000/m:4100bb | F3000 delta flags=0 000000014100aa000000014100bb",
        "STAP-A with SPS and PPS, then IDR as FU-A start, middle, end is a keyframe"
            + " | 1/0:1800196742c01fd9005005bb0110000003001000000303c0f1832480000468ce3c80"
            + " 2/0:7c85aaaa 3/0:7c05bbbb 4/0/m:7c45cccc"
            + " | F0 key flags=12 000000016742c01fd9005005bb0110000003001000000303c0f1832480"
            + "0000000168ce3c800000000165aaaabbbbcccc",
        "an access unit ends at a timestamp change when the marker is missing"
            + " | 1/3000:4100aa 2/6000/m:4100bb"
            + " | F3000 delta flags=16 000000014100aa ; F6000 delta flags=0 000000014100bb",
        "an FU-A whose start was lost is damaged and not emitted"
            + " | 1/3000/m:4100aa 3/6000:7c05bbbb 4/6000/m:7c45cccc 5/9000/m:4100dd"
            + " | F3000 delta flags=0 000000014100aa ; D6000 MISSING_PACKETS"
            + " ; F9000 delta flags=1 000000014100dd",
        "an FU-A continuation without any start is damaged"
            + " | 1/3000:7c05bbbb 2/3000/m:7c45cccc | D3000 MISSING_START",
        "an FU-A not ended when the timestamp changes is damaged"
            + " | 1/3000:7c85aaaa 2/3000:7c05bbbb 3/6000/m:4100dd"
            + " | D3000 MISSING_END ; F6000 delta flags=1 000000014100dd",
        "an FU-A with both start and end bits is malformed"
            + " | 1/3000/m:7cc5aaaa | D3000 MALFORMED_PAYLOAD",
        "an FU-A fragment of one byte is malformed | 1/3000/m:7c85 | D3000 MALFORMED_PAYLOAD",
        "a STAP-A size running past the packet is malformed"
            + " | 1/3000/m:1800094100aa | D3000 MALFORMED_PAYLOAD",
        "a STAP-A with a zero size is malformed | 1/3000/m:1800004100 | D3000 MALFORMED_PAYLOAD",
        "interleaved-mode FU-B is unsupported | 1/3000/m:7d85000aaaa | D3000 UNSUPPORTED_PAYLOAD",
        "a padding-only packet between access units is ignored"
            + " | 1/3000/m:4100aa 2/3000: 3/6000/m:4100bb"
            + " | F3000 delta flags=0 000000014100aa ; F6000 delta flags=0 000000014100bb",
        "a gap before a padding-only packet still damages the next access unit"
            + " | 1/3000/m:4100aa 3/3000: 4/6000/m:4100bb"
            + " | F3000 delta flags=0 000000014100aa ; D6000 MISSING_PACKETS",
        "reserved NAL type 30 is ignored | 1/3000:1e00 2/3000/m:4100aa"
            + " | F3000 delta flags=0 000000014100aa",
        "a loss between access units damages the next one"
            + " | 1/3000/m:4100aa 3/6000/m:4100bb 4/9000/m:4100cc"
            + " | F3000 delta flags=0 000000014100aa ; D6000 MISSING_PACKETS"
            + " ; F9000 delta flags=1 000000014100cc",
        "a keyframe after damage clears the after-damage flag"
            + " | 1/3000:7c05bbbb 2/3000/m:7c45cccc 3/6000/m:6588aa 4/9000/m:4100cc"
            + " | D3000 MISSING_START ; F6000 key flags=0 000000016588aa"
            + " ; F9000 delta flags=0 000000014100cc",
        "an FU-A spanning the sequence wrap is reassembled"
            + " | 65535/0:7c85aaaa 0/0:7c05bbbb 1/0/m:7c45cccc | F0 key flags=0 0000000165aaaabbbbcccc",
        "fragments reordered in the network are reassembled in order"
            + " | 1/0:7c85aaaa 3/0/m:7c45cccc 2/0:7c05bbbb | F0 key flags=0 0000000165aaaabbbbcccc",
        "an FU-A fragment repeated is a duplicate, not data"
            + " | 1/0:7c85aaaa 2/0:7c05bbbb 2/0:7c05bbbb 3/0/m:7c45cccc"
            + " | F0 key flags=0 0000000165aaaabbbbcccc",
      })
  void traces(String sentence, String trace, String expected) {
    assertThat(run(trace)).isEqualTo(expected);
  }

  @Test
  void anIdrWithoutParameterSetsGetsTheCachedOnesInFront() {
    String trace =
        "1/0:1800"
            + String.format("%02x", SPS.length() / 2)
            + SPS
            + "0004"
            + PPS
            + " 2/0/m:6588aa 3/3000/m:4100bb 4/6000/m:6588cc";
    FrameRecorder r = new FrameRecorder();
    H264Depacketizer d = new H264Depacketizer(r);
    PacketTrace.run(trace, 96, d, 1000);
    assertThat(r.events.get(2))
        .isEqualTo(
            "F6000 key flags="
                + FrameFlags.PARAMETER_SETS_INSERTED
                + " "
                + SC
                + SPS
                + SC
                + PPS
                + SC
                + "6588cc");
    assertThat(r.flags.get(0))
        .isEqualTo(FrameFlags.PARAMETER_SETS_CHANGED | FrameFlags.RESOLUTION_CHANGED);
    assertThat(d.width()).isEqualTo(1280);
    assertThat(d.height()).isEqualTo(720);
  }

  @Test
  void aLossReportedByTheBufferDamagesTheFrameWithoutWaitingForTheNextPacket() {
    FrameRecorder r = new FrameRecorder();
    H264Depacketizer d = new H264Depacketizer(r);
    d.handleLoss(5, 1);
    assertThat(r.events).isEmpty(); // nothing in progress yet
    io.roomrecorder.rtp.RtpPacket p = new io.roomrecorder.rtp.RtpPacket();
    byte[] pkt = TestBytes.rtp(96, false, 7, 3000, 1, TestBytes.hex("7c85aaaa"));
    p.parse(pkt, 0, pkt.length);
    d.handle(p);
    d.handleLoss(8, 1);
    assertThat(r.events).containsExactly("D3000 MISSING_PACKETS");
    assertThat(d.stats().damagedFrames()).isEqualTo(1);
  }

  @Test
  void anAccessUnitBeyondTheLimitIsDamagedTooLarge() {
    FrameRecorder r = new FrameRecorder();
    H264Depacketizer d = new H264Depacketizer(r, 1024);
    StringBuilder t = new StringBuilder("1/0:7c85" + "ab".repeat(600));
    t.append(" 2/0:7c05").append("ab".repeat(600)).append(" 3/0/m:7c45cc");
    PacketTrace.run(t.toString(), 96, d, 1000);
    assertThat(r.events).containsExactly("D0 TOO_LARGE");
    assertThat(d.stats().balanced()).isTrue();
  }

  // --- a real encoder's stream, packetized per RFC 6184 mode 1 and reassembled ---

  static byte[] resource() throws IOException {
    try (InputStream in =
        H264DepacketizerTest.class.getResourceAsStream("/h264/testsrc2-320x240-30f.h264")) {
      return in.readAllBytes();
    }
  }

  /** Splits an Annex-B stream into NAL units (start codes of 3 or 4 bytes). */
  static List<byte[]> nalUnits(byte[] s) {
    List<int[]> starts = new ArrayList<>();
    for (int i = 0; i + 3 <= s.length; i++) {
      if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
        starts.add(new int[] {i, i + 3});
        i += 2;
      }
    }
    List<byte[]> nals = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int from = starts.get(k)[1];
      int to = k + 1 < starts.size() ? starts.get(k + 1)[0] : s.length;
      while (to > from && s[to - 1] == 0 && k + 1 < starts.size()) {
        to--; // trailing zero of a 4-byte start code
      }
      nals.add(java.util.Arrays.copyOfRange(s, from, to));
    }
    return nals;
  }

  /** Access units split at each access unit delimiter (type 9), as x264 wrote them. */
  static List<List<byte[]>> accessUnits(byte[] stream) {
    List<List<byte[]>> aus = new ArrayList<>();
    for (byte[] nal : nalUnits(stream)) {
      if ((nal[0] & 0x1F) == 9 || aus.isEmpty()) {
        aus.add(new ArrayList<>());
      }
      aus.get(aus.size() - 1).add(nal);
    }
    return aus;
  }

  static byte[] annexB(List<byte[]> au) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] nal : au) {
      o.writeBytes(new byte[] {0, 0, 0, 1});
      o.writeBytes(nal);
    }
    return o.toByteArray();
  }

  /**
   * RFC 6184 mode 1 packetizer for tests: small NAL units aggregated into STAP-A, large ones split
   * into FU-A, the marker on the last packet of each access unit.
   */
  static List<byte[]> packetize(List<List<byte[]>> aus, int mtu, int firstSeq) {
    List<byte[]> packets = new ArrayList<>();
    int seq = firstSeq;
    for (int f = 0; f < aus.size(); f++) {
      long ts = 3000L * f + 0xFFFF0000L; // timestamps wrap past 2^32 during the clip
      List<byte[]> payloads = new ArrayList<>();
      List<byte[]> au = aus.get(f);
      int i = 0;
      while (i < au.size()) {
        byte[] nal = au.get(i);
        if (nal.length + 3 <= mtu
            && i + 1 < au.size()
            && au.get(i + 1).length + nal.length + 5 <= mtu) {
          ByteArrayOutputStream stap = new ByteArrayOutputStream();
          stap.write((nal[0] & 0x60) | 24);
          while (i < au.size() && stap.size() + 2 + au.get(i).length <= mtu) {
            byte[] n = au.get(i++);
            stap.write(n.length >>> 8);
            stap.write(n.length);
            stap.writeBytes(n);
          }
          payloads.add(stap.toByteArray());
        } else if (nal.length <= mtu) {
          payloads.add(nal);
          i++;
        } else {
          int p = 1;
          while (p < nal.length) {
            int n = Math.min(mtu - 2, nal.length - p);
            byte[] fu = new byte[n + 2];
            fu[0] = (byte) ((nal[0] & 0xE0) | 28);
            fu[1] =
                (byte) ((p == 1 ? 0x80 : 0) | (p + n == nal.length ? 0x40 : 0) | (nal[0] & 0x1F));
            System.arraycopy(nal, p, fu, 2, n);
            payloads.add(fu);
            p += n;
          }
          i++;
        }
      }
      for (int k = 0; k < payloads.size(); k++) {
        packets.add(
            TestBytes.rtp(
                96,
                k == payloads.size() - 1,
                seq++ & 0xFFFF,
                ts & 0xFFFFFFFFL,
                PacketTrace.SSRC,
                payloads.get(k)));
      }
    }
    return packets;
  }

  @Test
  void aRealEncodersStreamSurvivesPacketizationReorderingAndDuplicates() throws IOException {
    List<List<byte[]>> aus = accessUnits(resource());
    assertThat(aus).hasSize(30);
    List<byte[]> packets = packetize(aus, 1200, 65500); // sequence numbers wrap too
    // the network: swap neighbours now and then, duplicate a few
    Random rnd = new Random(3550);
    List<byte[]> wire = new ArrayList<>(packets);
    for (int i = 0; i + 1 < wire.size(); i++) {
      if (rnd.nextInt(5) == 0) {
        Collections.swap(wire, i, i + 1);
        i++;
      }
    }
    for (int i = 0; i < 5; i++) {
      wire.add(rnd.nextInt(wire.size()), wire.get(rnd.nextInt(wire.size())));
    }
    FrameRecorder r = new FrameRecorder();
    H264Depacketizer d = new H264Depacketizer(r);
    ReorderBuffer buffer = new ReorderBuffer(ReorderConfig.builder(90000).build());
    long now = 0;
    for (byte[] p : wire) {
      PacketTrace.pushAndDrain(buffer, p, d, now++);
    }
    d.flush();
    assertThat(r.frames).hasSize(30);
    for (int f = 0; f < 30; f++) {
      assertThat(r.frames.get(f)).as("access unit %d", f).isEqualTo(annexB(aus.get(f)));
      assertThat(r.timestamps.get(f)).isEqualTo(3000L * f + 0xFFFF0000L);
      assertThat(r.keyframes.get(f)).as("keyframe %d", f).isEqualTo(f == 0 || f == 15);
    }
    assertThat(d.width()).isEqualTo(320);
    assertThat(d.height()).isEqualTo(240);
    assertThat(d.stats().balanced()).isTrue();
    assertThat(buffer.stats().duplicates() + buffer.stats().tooOld()).isEqualTo(5);
  }

  @Test
  void aLostFragmentDamagesOnlyItsFrameAndFlagsTheFramesUntilTheNextKeyframe() throws IOException {
    List<List<byte[]>> aus = accessUnits(resource());
    List<byte[]> packets = packetize(aus, 300, 100);
    // the first delta frame carried in at least three packets loses its second packet
    List<Integer> firstPacket = new ArrayList<>();
    firstPacket.add(0);
    for (int i = 0; i < packets.size(); i++) {
      if ((packets.get(i)[1] & 0x80) != 0) {
        firstPacket.add(i + 1);
      }
    }
    int lossFrame = 1;
    while (firstPacket.get(lossFrame + 1) - firstPacket.get(lossFrame) < 3) {
      lossFrame++;
    }
    assertThat(lossFrame).isLessThan(14);
    packets.remove(firstPacket.get(lossFrame) + 1);
    FrameRecorder r = new FrameRecorder();
    H264Depacketizer d = new H264Depacketizer(r);
    ReorderBuffer buffer = new ReorderBuffer(ReorderConfig.builder(90000).holdTimeMs(20).build());
    long now = 0;
    for (byte[] p : packets) {
      PacketTrace.pushAndDrain(buffer, p, d, now);
      now += 5;
    }
    d.flush();
    long damagedTs = lossFrame * 3000L + 0xFFFF0000L;
    assertThat(r.events.stream().filter(e -> e.startsWith("D")))
        .containsExactly("D" + damagedTs + " " + DamageReason.MISSING_PACKETS);
    assertThat(r.frames).hasSize(29);
    for (int i = 0; i < 29; i++) {
      int f = i < lossFrame ? i : i + 1;
      assertThat(r.frames.get(i)).isEqualTo(annexB(aus.get(f)));
      boolean flagged = (r.flags.get(i) & FrameFlags.AFTER_DAMAGE) != 0;
      assertThat(flagged).as("frame %d after damage", f).isEqualTo(f > lossFrame && f < 15);
    }
    assertThat(buffer.stats().lost()).isEqualTo(1);
    assertThat(d.stats().balanced()).isTrue();
  }
}
