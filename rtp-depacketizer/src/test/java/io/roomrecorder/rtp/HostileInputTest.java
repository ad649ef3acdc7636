package io.roomrecorder.rtp;

import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.h264.H264Depacketizer;
import io.roomrecorder.rtp.h264.H264Sps;
import io.roomrecorder.rtp.opus.OpusDepacketizer;
import io.roomrecorder.rtp.opus.OpusToc;
import io.roomrecorder.rtp.rtcp.RtcpListener;
import io.roomrecorder.rtp.rtcp.RtcpParseStatus;
import io.roomrecorder.rtp.rtcp.RtcpParser;
import io.roomrecorder.rtp.rtcp.RtcpStats;
import io.roomrecorder.rtp.vp8.Vp8Depacketizer;
import io.roomrecorder.rtp.vp8.Vp8PayloadDescriptor;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for every parser in this module: per parser at least 100,000 seeded packets, half
 * random bytes and half valid packets mutated (bit flips, bytes set to 0x00/0xFF, truncation,
 * extension, length fields at their extremes), each placed at a random offset inside junk. Nothing
 * may throw, every callback must stay inside the view, and the counters must account for every
 * packet.
 */
public class HostileInputTest {
  static final int N = 120_000;

  /** Valid RTP packets: CSRCs, one- and two-byte extensions, padding. */
  static final byte[][] RTP_CORPUS = {
    hex("80 60 00 01 00 00 00 01 00 00 00 02 aa bb"),
    hex("82 e0 ff ff 12 34 56 78 de ad be ef 00 00 00 01 00 00 00 02 c0 c1"),
    hex("90 6f 00 07 00 00 00 09 00 00 00 0a be de 00 03 32 12 34 56 00 51 01 02 10 30 00 00 99"),
    hex("90 60 00 01 00 00 00 01 00 00 00 02 10 00 00 02 07 00 c8 02 76 69 00 00 77"),
    hex("b0 60 00 01 00 00 00 01 00 00 00 02 be de 00 01 10 41 00 00 11 22 00 00 00 04"),
  };

  /** Valid RTCP compounds: SR+SDES, RR+BYE+APP, feedback of every kind. */
  static final byte[][] RTCP_CORPUS = {
    hex(
        "81 c8 00 0c 11 11 11 11 e2 3f 00 00 80 00 00 00 00 01 e2 40 00 00 00 0a 00 00 04 d2"
            + " 22 22 22 22 40 ff ff fe 00 01 00 05 00 00 00 20 3f 00 80 00 00 01 00 00"
            + " 81 ca 00 03 11 11 11 11 01 02 61 62 00 00 00 00"),
    hex(
        "80 c9 00 01 33 33 33 33 82 cb 00 02 44 44 44 44 55 55 55 55"
            + " 80 cc 00 02 66 66 66 66 6e 61 6d 65"),
    hex(
        "81 cd 00 04 00 00 00 01 aa aa aa aa 00 64 00 05 ff ff 80 00"
            + " 81 ce 00 02 00 00 00 01 aa aa aa aa"
            + " 84 ce 00 04 00 00 00 01 00 00 00 00 aa aa aa aa 07 00 00 00"
            + " 8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0a 8f 5b aa aa aa aa"
            + " 8f cd 00 05 00 00 00 01 aa aa aa aa 00 05 00 03 ff ff ff 09 20 03 00 00"),
    hex("80 c9 00 01 33 33 33 33 a1 cb 00 02 44 44 44 44 00 00 00 04"),
  };

  /** Valid H.264 payloads: single NAL, STAP-A with SPS/PPS, FU-A start/middle/end. */
  static final byte[][] H264_CORPUS = {
    hex("4100aa"),
    hex("6588aabbcc"),
    hex("1800196742c01fd9005005bb0110000003001000000303c0f1832480000468ce3c80"),
    hex("7c85aaaabbbb"),
    hex("7c05bbbbcccc"),
    hex("7c45cccc"),
    hex("5c81aaaa"),
    hex("5c41aaaa"),
  };

  static final byte[][] OPUS_CORPUS = {
    hex("f8 aa bb"),
    hex("01 aa bb cc dd"),
    hex("02 03 aa bb cc dd"),
    hex("83 03 aa bb cc"),
    hex("83 c3 02 01 02 aa bb cc 00 00"),
    hex("fc ff 03 aa bb"),
    hex("f8"),
  };

  static final byte[][] VP8_CORPUS = {
    hex("10 50 01 00 9d 01 2a 80 02 e0 01 aa bb"),
    hex("90 f0 81 23 07 a5 51 01 00 cc"),
    hex("90 80 55 10 50 01 00 9d 01 2a 40 01 b4 00"),
    hex("00 dd ee"),
    hex("01 dd ee"),
    hex("80 10 1f 11 ee"),
  };

  static final byte[][] SPS_CORPUS = {
    hex("6742c028d900780227e5c044000003000400000300f03c60c920"),
    hex("6764001eacd940a42fe224c044000003000400000300f03c58b658"),
    hex("67f4000d919b282a10f084218088000003000800000301e078a14cb0"),
    hex("677a000bbcd942c4ec0440000003004000000f03c50a6580"),
    hex("67f4001e919b2816849b011000000300100000030321f1429960"),
  };

  /** One hostile input: bytes placed at {@link #off} with junk on both sides. */
  static final class Input {
    byte[] buf;
    int off;
    int len;
  }

  static void next(Random rnd, byte[][] corpus, int maxRandom, Input in) {
    byte[] data;
    if (rnd.nextBoolean()) {
      data = new byte[rnd.nextInt(maxRandom + 1)];
      rnd.nextBytes(data);
      if (data.length > 0 && rnd.nextBoolean()) {
        data[0] = (byte) (0x80 | (data[0] & 0x3F)); // mostly version 2, to get past the first check
      }
    } else {
      data = mutate(rnd, corpus[rnd.nextInt(corpus.length)]);
    }
    in.off = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(64);
    in.len = data.length;
    // junk after the view, except sometimes the view ends exactly at the end of the array
    int after = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(64);
    in.buf = new byte[in.off + in.len + after];
    Arrays.fill(in.buf, (byte) rnd.nextInt(256));
    System.arraycopy(data, 0, in.buf, in.off, data.length);
  }

  public static byte[] mutate(Random rnd, byte[] valid) {
    byte[] b = valid.clone();
    int kind = rnd.nextInt(6);
    switch (kind) {
      case 0 -> { // bit flips
        for (int i = rnd.nextInt(8) + 1; i > 0 && b.length > 0; i--) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 1 -> { // extreme bytes (lengths, counts, sizes)
        for (int i = rnd.nextInt(4) + 1; i > 0 && b.length > 0; i--) {
          b[rnd.nextInt(b.length)] = rnd.nextBoolean() ? (byte) 0xFF : 0;
        }
      }
      case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncated
      case 3 -> { // extended with garbage
        int n = b.length;
        b = Arrays.copyOf(b, n + rnd.nextInt(1500));
        for (int i = n; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(256);
        }
      }
      case 4 -> { // random bytes replaced
        for (int i = rnd.nextInt(4) + 1; i > 0 && b.length > 0; i--) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
      }
      default -> { // a section repeated
        if (b.length > 2) {
          int from = rnd.nextInt(b.length - 1);
          int to = from + 1 + rnd.nextInt(b.length - from - 1);
          byte[] c = Arrays.copyOf(b, b.length + (to - from));
          System.arraycopy(b, from, c, to, b.length - from);
          b = c;
        }
      }
    }
    return b;
  }

  @Test
  void rtpHeaderParserSurvivesAndEveryPacketGetsAStatus() {
    Random rnd = new Random(3550);
    Input in = new Input();
    RtpPacket p = new RtpPacket();
    Map<RtpParseStatus, Integer> statuses = new EnumMap<>(RtpParseStatus.class);
    for (int i = 0; i < N; i++) {
      next(rnd, RTP_CORPUS, 80, in);
      RtpParseStatus s = p.parse(in.buf, in.off, in.len);
      statuses.merge(s, 1, Integer::sum);
      if (s == RtpParseStatus.OK) {
        int end = in.off + in.len;
        assertThat(p.payloadOffset()).isBetween(in.off + 12, end);
        assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength()).isEqualTo(end);
        for (int c = 0; c < p.csrcCount(); c++) {
          p.csrc(c);
        }
        for (int id = 0; id < 256; id++) {
          if (p.findExtension(id)) {
            assertThat(p.extensionOffset()).isGreaterThanOrEqualTo(in.off + 16);
            assertThat(p.extensionOffset() + p.extensionLength()).isLessThanOrEqualTo(end);
          }
        }
        p.absSendTime(3);
        p.transportWideSequence(5);
        p.mid(1);
      }
    }
    assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(N);
    assertThat(statuses).containsKeys(RtpParseStatus.values()); // every status was exercised
  }

  @Test
  void rtcpParserSurvivesAndCountsEveryDatagram() {
    Random rnd = new Random(4585);
    Input in = new Input();
    RtcpParser parser = new RtcpParser();
    int[] view = new int[2];
    RtcpListener l =
        new RtcpListener() {
          @Override
          public void onSdesItem(long ssrc, int type, byte[] buf, int off, int len) {
            inside(off, len);
          }

          @Override
          public void onRemb(long s, long bitrate, byte[] buf, int off, int n) {
            assertThat(bitrate).isNotNegative();
            inside(off, 4 * n);
          }

          @Override
          public void onTransportCcFeedback(
              long s, long m, int b, int c, int r, int f, byte[] buf, int off, int len) {
            inside(off, len);
          }

          @Override
          public void onOther(int pt, int fmt, byte[] buf, int off, int len) {
            inside(off, len);
          }

          void inside(int off, int len) {
            assertThat(len).isNotNegative();
            assertThat(off).isGreaterThanOrEqualTo(view[0]);
            assertThat(off + len).isLessThanOrEqualTo(view[0] + view[1]);
          }
        };
    Map<RtcpParseStatus, Integer> statuses = new EnumMap<>(RtcpParseStatus.class);
    for (int i = 0; i < N; i++) {
      next(rnd, RTCP_CORPUS, 120, in);
      view[0] = in.off;
      view[1] = in.len;
      statuses.merge(parser.parse(in.buf, in.off, in.len, l), 1, Integer::sum);
    }
    RtcpStats s = parser.stats();
    assertThat(s.datagrams()).isEqualTo(N);
    assertThat(s.accepted() + s.tooShort() + s.badVersion() + s.badLength() + s.badPadding())
        .isEqualTo(N);
    assertThat(s.accepted())
        .isEqualTo(
            statuses.getOrDefault(RtcpParseStatus.OK, 0)
                + statuses.getOrDefault(RtcpParseStatus.PARTIAL, 0));
    assertThat(statuses).containsKeys(RtcpParseStatus.values());
  }

  /** RTP packets whose headers and payloads are hostile, through the reorder buffer. */
  static void throughReorderBuffer(long seed, int pt, byte[][] corpus, Depacketizer d) {
    Random rnd = new Random(seed);
    ReorderBuffer buffer =
        new ReorderBuffer(
            ReorderConfig.builder(90000).maxPackets(64).holdTimeMs(30).rtx(pt + 1, pt).build());
    Input in = new Input();
    int seq = 1000;
    long ts = 0;
    long now = 0;
    int[] nacks = new int[64];
    for (int i = 0; i < N; i++) {
      next(rnd, corpus, 64, in);
      // wrap the hostile payload in an RTP header that is mostly plausible
      byte[] payload = Arrays.copyOfRange(in.buf, in.off, in.off + in.len);
      int r = rnd.nextInt(100);
      if (r < 70) {
        seq = (seq + 1) & 0xFFFF;
      } else if (r < 80) {
        seq = (seq + rnd.nextInt(8)) & 0xFFFF;
      } else if (r < 90) {
        seq = (seq - rnd.nextInt(8)) & 0xFFFF;
      } else if (r < 93) {
        seq = rnd.nextInt(65536);
      }
      if (rnd.nextInt(4) == 0) {
        ts += rnd.nextInt(10) == 0 ? rnd.nextInt() : 3000;
      }
      int type = rnd.nextInt(20) == 0 ? pt + 1 : pt; // some RTX
      byte[] body = payload;
      if (type == pt + 1) {
        body = new byte[payload.length + 2];
        body[0] = (byte) ((seq - rnd.nextInt(5)) >>> 8);
        body[1] = (byte) (seq - rnd.nextInt(5));
        System.arraycopy(payload, 0, body, 2, payload.length);
      }
      byte[] pkt = TestBytes.rtp(type, rnd.nextInt(3) == 0, seq, ts & 0xFFFFFFFFL, 0x77, body);
      if (rnd.nextInt(50) == 0) {
        pkt = mutate(rnd, pkt); // the RTP header itself damaged
      }
      now += rnd.nextInt(5);
      byte[] buf = TestBytes.embed(pkt, 1 + rnd.nextInt(20));
      int off = buf.length == pkt.length ? 0 : buf.length - pkt.length - 11;
      buffer.push(buf, off, pkt.length, now);
      PacketTrace.drain(buffer, d, now);
      if (i % 50 == 0) {
        buffer.collectNacks(now, 20, nacks);
      }
    }
    buffer.endOfStream();
    PacketTrace.drain(buffer, d, now + 1000);
    d.flush();
    assertThat(buffer.stats().balanced()).as("%s", buffer.stats()).isTrue();
    assertThat(buffer.stats().received()).isEqualTo(N);
    DepacketizerStats s = d.stats();
    assertThat(s.balanced()).as("%s", s).isTrue();
    assertThat(s.packets()).isEqualTo(buffer.stats().emitted());
  }

  /** Checks what each depacketizer emits: never empty, and Annex-B for H.264. */
  static final class CheckingListener implements FrameListener {
    final boolean annexB;
    long frames;
    long damaged;

    CheckingListener(boolean annexB) {
      this.annexB = annexB;
    }

    @Override
    public void onFrame(byte[] data, int off, int len, long ts, boolean key, int flags) {
      assertThat(len).isPositive();
      assertThat(off + len).isLessThanOrEqualTo(data.length);
      if (annexB) {
        assertThat(Arrays.copyOfRange(data, off, off + 4)).containsExactly(0, 0, 0, 1);
      }
      frames++;
    }

    @Override
    public void onDamagedFrame(long ts, DamageReason reason) {
      damaged++;
    }
  }

  @Test
  void h264DepacketizerSurvivesAndAccountsForEveryPacket() {
    CheckingListener l = new CheckingListener(true);
    H264Depacketizer d = new H264Depacketizer(l, 64 * 1024);
    throughReorderBuffer(6184, 96, H264_CORPUS, d);
    assertThat(l.frames).isEqualTo(d.stats().frames()).isPositive();
    assertThat(l.damaged).isEqualTo(d.stats().damagedFrames()).isPositive();
  }

  @Test
  void vp8DepacketizerSurvivesAndAccountsForEveryPacket() {
    CheckingListener l = new CheckingListener(false);
    Vp8Depacketizer d = new Vp8Depacketizer(l, 64 * 1024);
    throughReorderBuffer(7741, 100, VP8_CORPUS, d);
    assertThat(l.frames).isEqualTo(d.stats().frames()).isPositive();
    assertThat(l.damaged).isEqualTo(d.stats().damagedFrames()).isPositive();
    Random rnd = new Random(77410);
    Input in = new Input();
    Vp8PayloadDescriptor desc = new Vp8PayloadDescriptor();
    for (int i = 0; i < N; i++) {
      next(rnd, VP8_CORPUS, 16, in);
      if (desc.parse(in.buf, in.off, in.len)) {
        assertThat(desc.length).isBetween(1, Math.min(6, in.len - 1));
      }
    }
  }

  @Test
  void opusDepacketizerSurvivesAndAccountsForEveryPacket() {
    CheckingListener l = new CheckingListener(false);
    OpusDepacketizer d = new OpusDepacketizer(l);
    throughReorderBuffer(7587, 111, OPUS_CORPUS, d);
    assertThat(l.frames).isEqualTo(d.stats().frames()).isPositive();
    Random rnd = new Random(6716);
    Input in = new Input();
    OpusToc toc = new OpusToc();
    for (int i = 0; i < N; i++) {
      next(rnd, OPUS_CORPUS, 40, in);
      if (toc.parse(in.buf, in.off, in.len)) {
        assertThat(toc.frameCount).isBetween(1, 48);
        assertThat(toc.durationSamples).isBetween(120, 5760);
      }
    }
  }

  @Test
  void spsReaderSurvivesAndReportsOnlySaneSizes() {
    Random rnd = new Random(264);
    Input in = new Input();
    H264Sps sps = new H264Sps();
    int accepted = 0;
    for (int i = 0; i < N; i++) {
      next(rnd, SPS_CORPUS, 40, in);
      if (rnd.nextBoolean() && in.len > 0) {
        in.buf[in.off] = 0x67;
      }
      if (sps.parse(in.buf, in.off, in.len)) {
        accepted++;
        assertThat(sps.width).isBetween(1, 16384);
        assertThat(sps.height).isBetween(1, 16384);
      }
    }
    assertThat(accepted).isPositive();
  }
}
