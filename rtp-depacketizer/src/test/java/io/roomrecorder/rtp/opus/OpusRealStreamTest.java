package io.roomrecorder.rtp.opus;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.PacketTrace;
import io.roomrecorder.rtp.ReorderBuffer;
import io.roomrecorder.rtp.ReorderConfig;
import io.roomrecorder.rtp.TestBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real libopus packets (from an Ogg file) through the TOC reader and the RTP path. */
class OpusRealStreamTest {
  /** Opus packets of an Ogg stream (RFC 3533 pages, lacing values of 255 continue a packet). */
  static List<byte[]> oggPackets(byte[] d) {
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream cur = new ByteArrayOutputStream();
    int p = 0;
    while (p < d.length) {
      assertThat(new String(d, p, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OggS");
      int segments = d[p + 26] & 0xFF;
      int q = p + 27 + segments;
      for (int i = 0; i < segments; i++) {
        int n = d[p + 27 + i] & 0xFF;
        cur.write(d, q, n);
        q += n;
        if (n < 255) {
          packets.add(cur.toByteArray());
          cur.reset();
        }
      }
      p = q;
    }
    return packets.subList(2, packets.size()); // skip OpusHead and OpusTags
  }

  static List<byte[]> packets() throws IOException {
    try (InputStream in =
        OpusRealStreamTest.class.getResourceAsStream("/opus/sine-then-silence-dtx.opus")) {
      return oggPackets(in.readAllBytes());
    }
  }

  @Test
  void everyLibopusPacketIsValidAnd20Milliseconds() throws IOException {
    List<byte[]> packets = packets();
    assertThat(packets).hasSizeGreaterThan(99);
    OpusToc toc = new OpusToc();
    for (byte[] p : packets) {
      byte[] buf = TestBytes.embed(p, 13);
      assertThat(toc.parse(buf, 13, p.length)).isTrue();
      assertThat(toc.durationSamples).isEqualTo(960);
      assertThat(toc.frameCount).isEqualTo(1);
      assertThat(toc.stereo).isFalse();
    }
  }

  @Test
  void silenceSentAsDtxIsDeliveredWithItsGapsAndSpeechUnchanged() throws IOException {
    List<byte[]> packets = packets();
    List<byte[]> delivered = new ArrayList<>();
    List<Long> gaps = new ArrayList<>();
    List<Integer> flags = new ArrayList<>();
    OpusDepacketizer[] d = new OpusDepacketizer[1];
    d[0] =
        new OpusDepacketizer(
            new FrameListener() {
              @Override
              public void onFrame(byte[] b, int off, int len, long ts, boolean key, int f) {
                delivered.add(Arrays.copyOfRange(b, off, off + len));
                gaps.add(d[0].gapSamples());
                flags.add(f);
              }

              @Override
              public void onDamagedFrame(long ts, DamageReason reason) {
                throw new AssertionError("nothing was lost");
              }
            });
    ReorderBuffer buffer = new ReorderBuffer(ReorderConfig.builder(48000).build());
    List<byte[]> sent = new ArrayList<>();
    int seq = 40000;
    int silent = 0;
    for (int i = 0; i < packets.size(); i++) {
      byte[] p = packets.get(i);
      if (p.length <= 3 && silent++ % 20 != 0) {
        continue; // DTX: during silence a WebRTC sender sends one packet every 400 ms
      }
      sent.add(p);
      byte[] rtp = TestBytes.rtp(111, false, seq++, 960L * i, PacketTrace.SSRC, p);
      PacketTrace.pushAndDrain(buffer, rtp, d[0], 20L * i);
    }
    buffer.endOfStream();
    PacketTrace.drain(buffer, d[0], 100_000);
    assertThat(delivered).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(delivered.get(i)).isEqualTo(sent.get(i));
    }
    long dtxPackets = flags.stream().filter(f -> (f & FrameFlags.DTX_GAP) != 0).count();
    assertThat(dtxPackets).isEqualTo((silent - 1) / 20);
    assertThat(gaps).contains(19L * 960);
    assertThat(d[0].stats().balanced()).isTrue();
  }
}
