package io.roomrecorder.core.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.media.MediaSink;
import io.roomrecorder.core.sdp.Answer;
import io.roomrecorder.core.sdp.AnswerOptions;
import io.roomrecorder.core.sdp.LocalTransport;
import io.roomrecorder.core.sdp.SdpNegotiator;
import io.roomrecorder.core.sdp.SdpParser;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.ice.IceConfig;
import io.roomrecorder.ts.testing.SampleMedia;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A/V sync when one track starts after the other (RFC 3550 §6.4.1 sender reports): a sender whose
 * audio pipeline is slower than its video sends its first audio sender report before its first
 * audio packet. The audio must still land on the sender's common clock, not on arrival times.
 */
class MediaReceiverSyncTest {
  // The Raspberry Ninja offer (src/test/resources/sdp): H.264 PT 96, Opus PT 100.
  private static final long VIDEO_SSRC = 1511342224L;
  private static final long AUDIO_SSRC = 0xFFFF_FFFFL;
  private static final long NTP_EPOCH_OFFSET_S = 2_208_988_800L;
  private static final long AUDIO_DELAY_MS = 150;

  private final AtomicLong nowMs = new AtomicLong(1_000_000);
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final List<long[]> audioFrames = new ArrayList<>(); // pts90k, rtp
  private final Executor direct = Runnable::run;

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  /**
   * @param audioSrEveryMs 1,000: a second audio SR comes during the run; 100,000: the only audio SR
   *     is the one before its first packet (browsers send audio SRs every ~5 s, longer than the 2.5
   *     s sync wait), so it must be kept until that packet comes
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "audio sender reports every {0} ms")
  @org.junit.jupiter.params.provider.ValueSource(longs = {1000, 100_000})
  void audioThatStartsAfterVideoLandsOnTheSendersClockFromItsFirstFrame(long audioSrEveryMs)
      throws Exception {
    MediaReceiver receiver = receiver();
    List<SampleMedia.AccessUnit> video = SampleMedia.h264AccessUnits(SampleMedia.VIDEO_320x180);
    List<byte[]> opus = SampleMedia.opusPackets(SampleMedia.OPUS_STEREO);
    long videoBase = 90_000L * 1000;
    long audioBase = 48_000L * 7000;
    long wall0 = 1_800_000_000_000L; // sender's wall clock (ms since 1970) at media time 0
    int videoSeq = 100;
    int audioSeq = 500;
    int nextVideo = 0;
    int nextAudio = 0;
    long start = nowMs.get();
    // 1.6 s of media: video on time, audio 150 ms late; SRs for both SSRCs at 0 s and 1 s.
    for (long t = 0; t <= 1600; t += 10) {
      nowMs.set(start + t);
      while (nextVideo * 1000L / 30 <= t) {
        SampleMedia.AccessUnit au = video.get(nextVideo % video.size());
        long ts = videoBase + 3000L * nextVideo;
        List<byte[]> payloads = fuA(nals(au.data()));
        for (int i = 0; i < payloads.size(); i++) {
          receiver.enqueueRtp(
              rtp(96, i == payloads.size() - 1, videoSeq++, ts, VIDEO_SSRC, payloads.get(i)),
              direct);
        }
        nextVideo++;
      }
      // Both SRs right after the video of their instant: the first audio SR precedes the first
      // audio packet, as with a sender whose audio pipeline is slower.
      if (t % 1000 == 0) {
        receiver.enqueueRtcp(senderReport(VIDEO_SSRC, wall0 + t, videoBase + 90 * t), direct);
      }
      if (t % audioSrEveryMs == 0) {
        receiver.enqueueRtcp(senderReport(AUDIO_SSRC, wall0 + t, audioBase + 48 * t), direct);
      }
      while (nextAudio * 20L + AUDIO_DELAY_MS <= t) {
        byte[] packet = opus.get(nextAudio % opus.size());
        receiver.enqueueRtp(
            rtp(100, false, audioSeq++, audioBase + 960L * nextAudio, AUDIO_SSRC, packet), direct);
        nextAudio++;
      }
      receiver.tick(nowMs.get());
    }
    assertThat(receiver.stats().synchronizedAv()).isTrue();
    assertThat(videoFrames).isNotEmpty();
    // Audio from its first packet on (150 ms late, 20 ms each, until 1.6 s), none held back.
    assertThat(audioFrames).hasSizeGreaterThanOrEqualTo((1600 - (int) AUDIO_DELAY_MS) / 20 - 2);
    // Media time 0 of both tracks is the same wall-clock instant (the SRs say so): in 90 kHz ticks,
    // pts - (rtp - base) must be one constant for every frame of both tracks.
    long videoZero = videoFrames.get(0)[0] - (videoFrames.get(0)[1] - videoBase);
    for (long[] f : videoFrames) {
      assertThat(f[0] - (f[1] - videoBase)).isBetween(videoZero - 1, videoZero + 1);
    }
    for (long[] f : audioFrames) {
      long audioZero = f[0] - (f[1] - audioBase) * 90_000 / 48_000;
      assertThat(audioZero - videoZero)
          .as("A/V offset in 90 kHz ticks of the audio frame at rtp %d", f[1])
          .isBetween(-90L, 90L);
    }
  }

  @Test
  void aSenderReportArrivingWhileTheQueueIsFullIsKeptAndStartsTheTracksInSync() throws Exception {
    MediaReceiver receiver = receiver();
    List<Runnable> queued = new ArrayList<>();
    Executor later = queued::add; // the session is busy: nothing runs until we say so
    long videoBase = 90_000L * 1000;
    long wall0 = 1_800_000_000_000L;
    byte[] nal = {0x41, 0x01, 0x02, 0x03}; // a non-IDR slice NAL, enough for the queue
    for (int i = 0; i < MediaReceiver.RING_SLOTS; i++) {
      receiver.enqueueRtp(rtp(96, true, 100 + i, videoBase + 3000L * i, VIDEO_SSRC, nal), later);
    }
    receiver.enqueueRtcp(senderReport(VIDEO_SSRC, wall0, videoBase), later);
    receiver.enqueueRtp(rtp(96, true, 9999, videoBase + 3000L * 999, VIDEO_SSRC, nal), later);
    assertThat(queued).hasSize(1); // one drain task for all of it
    queued.forEach(Runnable::run);
    assertThat(receiver.stats().ringOverflows()).as("the RTP packet after the full queue").isOne();
    // The video sender report was not lost with the media: the track is on the sender's clock and
    // media started at once, not after the 2.5 s wait (the clock did not move).
    assertThat(receiver.stats().synchronizedAv()).isTrue();
  }

  private final List<long[]> videoFrames = new ArrayList<>(); // pts90k, rtp
  private final java.util.Map<Integer, java.util.ArrayDeque<Long>> audioRtpByPayload =
      new java.util.HashMap<>();
  private long lastVideoRtp;

  private MediaReceiver receiver() throws Exception {
    PeerConfig config =
        new PeerConfig(
            IceConfig.builder().noStun().build(),
            DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now()),
            direct,
            direct,
            timers,
            nowMs::get,
            new SecureRandom(),
            true,
            "h264",
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
    MediaSink sink =
        new MediaSink() {
          @Override
          public void onVideoFrame(
              String codec, byte[] d, int off, int len, long pts, boolean key, int w, int h) {
            videoFrames.add(new long[] {pts, lastVideoRtp});
          }

          @Override
          public void onAudioFrame(byte[] d, int off, int len, long pts) {
            // A frame may leave the receiver with a later packet than its own (the first one
            // does): find its RTP timestamp by its bytes.
            java.util.ArrayDeque<Long> rtps =
                audioRtpByPayload.get(
                    java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(d, off, off + len)));
            audioFrames.add(new long[] {pts, rtps == null ? -1 : rtps.removeFirst()});
          }
        };
    MediaReceiver r = new MediaReceiver("sync", config, sink, p -> {}, () -> {});
    Answer answer =
        new SdpNegotiator(
                new LocalTransport(
                    "ufrag", "0123456789abcdefghijklmn", config.certificate().fingerprint()),
                AnswerOptions.defaults(1))
            .answer(SdpParser.parse(resource("/sdp/raspberry-ninja-offer.sdp")));
    r.update(answer);
    return r;
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = MediaReceiverSyncTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private PacketBuffer rtp(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
    // In-order packets leave the reorder buffer at once: a frame completes on the packet that
    // carries its last byte, so the sink sees it while this is its timestamp.
    if (pt == 100) {
      audioRtpByPayload
          .computeIfAbsent(java.util.Arrays.hashCode(payload), k -> new java.util.ArrayDeque<>())
          .addLast(ts);
    } else {
      lastVideoRtp = ts;
    }
    byte[] b = new byte[12 + payload.length];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | pt);
    b[2] = (byte) (seq >>> 8);
    b[3] = (byte) seq;
    putInt(b, 4, ts);
    putInt(b, 8, ssrc);
    System.arraycopy(payload, 0, b, 12, payload.length);
    PacketBuffer p = new PacketBuffer(b.length + 64);
    return p.load(b, 0, b.length);
  }

  private static PacketBuffer senderReport(long ssrc, long wallMs, long rtp) {
    byte[] b = new byte[28];
    b[0] = (byte) 0x80;
    b[1] = (byte) 200;
    b[3] = 6;
    putInt(b, 4, ssrc);
    putInt(b, 8, wallMs / 1000 + NTP_EPOCH_OFFSET_S);
    putInt(b, 12, ((wallMs % 1000) << 32) / 1000);
    putInt(b, 16, rtp);
    PacketBuffer p = new PacketBuffer(64);
    return p.load(b, 0, b.length);
  }

  private static void putInt(byte[] b, int off, long v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  /** RFC 6184 §5.8: NAL units over 1,100 bytes as FU-A fragments, the others alone. */
  private static List<byte[]> fuA(List<byte[]> nals) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] nal : nals) {
      if (nal.length <= 1100) {
        out.add(nal);
        continue;
      }
      for (int pos = 1; pos < nal.length; pos += 1000) {
        int len = Math.min(1000, nal.length - pos);
        byte[] f = new byte[len + 2];
        f[0] = (byte) ((nal[0] & 0xE0) | 28);
        f[1] =
            (byte) ((pos == 1 ? 0x80 : 0) | (pos + len == nal.length ? 0x40 : 0) | (nal[0] & 0x1F));
        System.arraycopy(nal, pos, f, 2, len);
        out.add(f);
      }
    }
    return out;
  }

  /** NAL units of an Annex-B access unit, without start codes. */
  private static List<byte[]> nals(byte[] au) {
    List<byte[]> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i + 2 < au.length; i++) {
      if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
        if (start >= 0) {
          out.add(trim(au, start, i));
        }
        start = i + 3;
        i += 2;
      }
    }
    if (start >= 0) {
      out.add(trim(au, start, au.length));
    }
    return out;
  }

  private static byte[] trim(byte[] b, int from, int to) {
    while (to > from && b[to - 1] == 0) {
      to--;
    }
    return java.util.Arrays.copyOfRange(b, from, to);
  }
}
