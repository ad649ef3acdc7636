package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.media.MediaClock;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.RtpPacket;
import io.roomrecorder.rtp.RtpParseStatus;
import io.roomrecorder.rtp.h264.H264Depacketizer;
import io.roomrecorder.rtp.rtcp.RtcpListener;
import io.roomrecorder.rtp.rtcp.RtcpParser;
import io.roomrecorder.testpeer.media.AnnexB;
import io.roomrecorder.testpeer.media.SampleClip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the media sender puts on the wire, read back with the recorder's own parsers. */
class MediaSenderTest {
  private static final long VIDEO_SSRC = 0x11111111L;
  private static final long RTX_SSRC = 0x22222222L;
  private static final long AUDIO_SSRC = 0xFFFFFFFFL;

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<byte[]> rtp = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<byte[]> rtcp = java.util.Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private MediaSender sender(double loss, boolean mid) {
    MediaSender.Plan plan =
        new MediaSender.Plan(
            VIDEO_SSRC,
            RTX_SSRC,
            AUDIO_SSRC,
            102,
            103,
            111,
            mid ? 9 : 0,
            mid ? "1" : null,
            mid ? "2" : null,
            "cname");
    return new MediaSender(
        SampleClip.h264(),
        plan,
        new MediaSender.Impairments(loss, 0, 0, true),
        new MediaSender.Out() {
          @Override
          public void sendRtp(PacketBuffer p) {
            rtp.add(p.toByteArray());
          }

          @Override
          public void sendRtcp(byte[] buf, int off, int len) {
            rtcp.add(Arrays.copyOfRange(buf, off, off + len));
          }
        },
        executor,
        new Random(5));
  }

  private List<RtpPacket> packets(long ssrc) {
    List<RtpPacket> out = new ArrayList<>();
    synchronized (rtp) {
      for (byte[] b : rtp) {
        RtpPacket p = new RtpPacket();
        assertThat(p.parse(b, 0, b.length)).isEqualTo(RtpParseStatus.OK);
        if (p.ssrc() == ssrc) {
          out.add(p);
        }
      }
    }
    return out;
  }

  @Test
  void videoFramesReassembleToTheClipsAccessUnitsInPacketsOfAtMost1200Bytes() throws Exception {
    MediaSender s = sender(0, true);
    s.start();
    Thread.sleep(1200);
    s.stop();
    synchronized (rtp) {
      assertThat(rtp).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(1200));
    }
    List<byte[]> frames = new ArrayList<>();
    H264Depacketizer d =
        new H264Depacketizer(
            new FrameListener() {
              @Override
              public void onFrame(
                  byte[] data, int off, int len, long ts, boolean keyframe, int flags) {
                frames.add(Arrays.copyOfRange(data, off, off + len));
              }

              @Override
              public void onDamagedFrame(long ts, DamageReason reason) {
                throw new AssertionError("damaged " + reason);
              }
            });
    long seq = 0;
    for (RtpPacket p : packets(VIDEO_SSRC)) {
      assertThat(p.payloadType()).isEqualTo(102);
      assertThat(p.findExtension(9)).isTrue(); // sdes:mid on every packet (RFC 8843 §15)
      p.setExtended(seq++, p.timestamp());
      d.handle(p);
    }
    assertThat(frames).hasSizeGreaterThanOrEqualTo(30);
    List<SendLog.VideoFrame> log = s.log().video();
    for (int i = 0; i < frames.size(); i++) {
      List<byte[]> got = slices(AnnexB.nalUnits(frames.get(i)));
      List<byte[]> want = slices(SampleClip.h264().video().get(log.get(i).clipIndex()).nalUnits());
      assertThat(got).as("frame %d", i).hasSameSizeAs(want);
      for (int k = 0; k < got.size(); k++) {
        assertThat(got.get(k)).isEqualTo(want.get(k));
      }
    }
    List<RtpPacket> audio = packets(AUDIO_SSRC);
    assertThat(audio).hasSizeGreaterThanOrEqualTo(50);
    for (int i = 0; i < audio.size(); i++) {
      RtpPacket p = audio.get(i);
      assertThat(p.payloadType()).isEqualTo(111);
      assertThat(p.timestamp()).isEqualTo((s.log().audioRtpBase() + 960L * i) & 0xFFFF_FFFFL);
      byte[] payload =
          Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
      assertThat(payload).isEqualTo(SampleClip.h264().audio().get(i));
    }
  }

  private static List<byte[]> slices(List<byte[]> nals) {
    return nals.stream().filter(n -> (n[0] & 0x1F) == 1 || (n[0] & 0x1F) == 5).toList();
  }

  @Test
  void senderReportsMapEachRtpClockToTheWallClockOfTheSendLog() throws Exception {
    MediaSender s = sender(0, false);
    s.start();
    Thread.sleep(1700);
    s.stop();
    List<long[]> reports = new ArrayList<>();
    RtcpParser parser = new RtcpParser();
    synchronized (rtcp) {
      for (byte[] b : rtcp) {
        parser.parse(
            b,
            0,
            b.length,
            new RtcpListener() {
              @Override
              public void onSenderReport(
                  long ssrc, long ntp, long rtpTs, long packets, long octets) {
                reports.add(new long[] {ssrc, MediaClock.ntpToMicros(ntp), rtpTs, packets});
              }
            });
      }
    }
    assertThat(reports).hasSizeGreaterThanOrEqualTo(4); // at 0.5 s and 1.5 s, both SSRCs
    SendLog log = s.log();
    long ntpEpochOffsetMicros = 2_208_988_800L * 1_000_000L;
    for (long[] r : reports) {
      long wall = r[1] - ntpEpochOffsetMicros;
      long expected =
          (r[0] == VIDEO_SSRC ? log.videoRtpAt(wall) : log.audioRtpAt(wall)) & 0xFFFF_FFFFL;
      assertThat(Math.abs(r[2] - expected)).as("SR of %x", r[0]).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aNackIsAnsweredWithRtxCarryingTheOriginalSequenceNumberAndPayload() throws Exception {
    MediaSender s = sender(0, false);
    s.start();
    Thread.sleep(300);
    List<RtpPacket> video = packets(VIDEO_SSRC);
    RtpPacket first = video.get(0);
    RtpPacket third = video.get(2);
    s.onNack(first.sequenceNumber(), 0b10); // the first and the third
    Thread.sleep(100);
    s.stop();
    List<RtpPacket> rtx = packets(RTX_SSRC);
    assertThat(rtx).hasSize(2);
    for (int i = 0; i < 2; i++) {
      RtpPacket original = i == 0 ? first : third;
      RtpPacket r = rtx.get(i);
      assertThat(r.payloadType()).isEqualTo(103);
      assertThat(r.timestamp()).isEqualTo(original.timestamp());
      int osn =
          ((r.buffer()[r.payloadOffset()] & 0xFF) << 8)
              | (r.buffer()[r.payloadOffset() + 1] & 0xFF);
      assertThat(osn).isEqualTo(original.sequenceNumber());
      assertThat(
              Arrays.copyOfRange(
                  r.buffer(), r.payloadOffset() + 2, r.payloadOffset() + r.payloadLength()))
          .isEqualTo(
              Arrays.copyOfRange(
                  original.buffer(),
                  original.payloadOffset(),
                  original.payloadOffset() + original.payloadLength()));
    }
    assertThat(rtx.get(1).sequenceNumber()).isEqualTo((rtx.get(0).sequenceNumber() + 1) & 0xFFFF);
    assertThat(s.retransmitted.get()).isEqualTo(2);
  }

  @Test
  void aKeyframeRequestJumpsToTheClipsNextIdrWithMonotonicTimestamps() throws Exception {
    MediaSender s = sender(0, false);
    s.start();
    Thread.sleep(250);
    s.requestKeyframe();
    Thread.sleep(200);
    s.stop();
    List<SendLog.VideoFrame> log = s.log().video();
    SendLog.VideoFrame requested =
        log.stream().filter(SendLog.VideoFrame::onRequest).findFirst().orElseThrow();
    assertThat(requested.keyframe()).isTrue();
    assertThat(requested.clipIndex() % 60).isZero();
    assertThat(requested.clipIndex()).isNotZero(); // not the start: a jump ahead
    for (int i = 1; i < log.size(); i++) {
      assertThat(log.get(i).rtpTimestamp() - log.get(i - 1).rtpTimestamp()).isEqualTo(3000);
    }
    assertThat(s.keyframesOnRequest.get()).isEqualTo(1);
  }

  @Test
  void seededLossDropsOnlyVideoAndEveryDroppedPacketCanBeRetransmitted() throws Exception {
    MediaSender s = sender(20, false);
    s.start();
    Thread.sleep(800);
    long dropped = s.rtpPacketsDropped.get();
    long made = s.videoPackets.get();
    assertThat(100.0 * dropped / made).isBetween(8.0, 35.0);
    // The audio stream is complete: the recorder NACKs only video.
    assertThat(packets(AUDIO_SSRC)).hasSize((int) s.audioPacketsSent.get());
    List<RtpPacket> video = packets(VIDEO_SSRC);
    int firstSeq = video.get(0).sequenceNumber();
    int lastSeq = video.get(video.size() - 1).sequenceNumber();
    for (int seq = firstSeq; seq != lastSeq; seq = (seq + 1) & 0xFFFF) {
      final int q = seq;
      if (video.stream().noneMatch(p -> p.sequenceNumber() == q)) {
        s.onNack(seq, 0);
      }
    }
    Thread.sleep(100);
    s.stop();
    assertThat(s.droppedRecovered.get()).isGreaterThan(0);
    assertThat(packets(RTX_SSRC)).hasSize((int) s.retransmitted.get());
    assertThat(s.retransmitMisses.get()).isZero();
  }
}
