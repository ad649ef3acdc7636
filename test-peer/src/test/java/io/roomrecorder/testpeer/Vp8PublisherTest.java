package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.sdp.AnswerOptions;
import io.roomrecorder.core.sdp.LocalTransport;
import io.roomrecorder.core.sdp.MediaDescription;
import io.roomrecorder.core.sdp.PayloadFormat;
import io.roomrecorder.core.sdp.SdpNegotiator;
import io.roomrecorder.core.sdp.SdpParser;
import io.roomrecorder.core.sdp.SessionDescription;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.RtpPacket;
import io.roomrecorder.rtp.RtpParseStatus;
import io.roomrecorder.rtp.vp8.Vp8Depacketizer;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.testpeer.media.VideoCodec;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The VP8 mode below the network: the offers the recorder's own negotiator answers with VP8, and
 * what the media sender puts on the wire read back with the recorder's VP8 depacketizer.
 */
class Vp8PublisherTest {
  private static final DtlsCertificate OURS =
      DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());
  private static final DtlsCertificate RECORDER =
      DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());
  private static final long VIDEO_SSRC = 0x11111111L;
  private static final long RTX_SSRC = 0x22222222L;

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<byte[]> rtp = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static OfferSdp.Transport transport() {
    return new OfferSdp.Transport(
        "abcd",
        "0123456789abcdefghijklmn",
        OURS.fingerprint().toSdpValue(),
        "actpass",
        VIDEO_SSRC,
        RTX_SSRC,
        0x3333L,
        "cname");
  }

  private static SdpNegotiator recorder() {
    return new SdpNegotiator(
        new LocalTransport("wxyz", "zyxwvutsrqponmlkjihgfedc", RECORDER.fingerprint()),
        AnswerOptions.defaults(1));
  }

  @Test
  void theBrowsersVp8OfferHasOnlyVp8WithRtxAndFirefoxsFeedbackAndTheRecorderAnswersVp8()
      throws Exception {
    SdpNegotiator n = recorder();
    n.answer(SdpParser.parse(OfferSdp.browserDataChannelOnly(transport(), 7, 1)));
    SessionDescription d =
        SdpParser.parse(OfferSdp.browserMedia(transport(), 7, 2, true, VideoCodec.VP8));
    MediaDescription video = d.media().get(1);
    assertThat(video.payloads())
        .extracting(PayloadFormat::payloadType)
        .containsExactly(OfferSdp.BROWSER_VP8_PT, OfferSdp.BROWSER_VP8_RTX_PT);
    assertThat(video.payloads().get(0).is("VP8")).isTrue();
    assertThat(video.payloads().get(0).clockRate()).isEqualTo(90_000);
    assertThat(video.payloads().get(1).fmtpParameters())
        .containsEntry("apt", "" + OfferSdp.BROWSER_VP8_PT);
    String sdp = OfferSdp.browserMedia(transport(), 7, 2, true, VideoCodec.VP8);
    assertThat(sdp).doesNotContainIgnoringCase("H264");
    for (String fb : List.of("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc")) {
      assertThat(sdp).contains("a=rtcp-fb:" + OfferSdp.BROWSER_VP8_PT + " " + fb + "\r\n");
    }
    AnswerInfo a = AnswerInfo.parse(n.answer(d).sdp());
    assertThat(a.videoPt()).isEqualTo(OfferSdp.BROWSER_VP8_PT);
    assertThat(a.videoCodec()).isEqualTo("VP8");
    assertThat(a.rtxPt()).isEqualTo(OfferSdp.BROWSER_VP8_RTX_PT);
    assertThat(a.audioPt()).isEqualTo(OfferSdp.BROWSER_OPUS_PT);
    assertThat(a.videoMid()).isEqualTo("1");
  }

  @Test
  void raspberryNinjasVp8OfferIsAnsweredWithVp8OnPayloadType96() throws Exception {
    String sdp = OfferSdp.raspberryNinja(transport(), 7, 0, VideoCodec.VP8);
    assertThat(sdp).contains("a=rtpmap:96 VP8/90000").doesNotContain("H264");
    AnswerInfo a = AnswerInfo.parse(recorder().answer(SdpParser.parse(sdp)).sdp());
    assertThat(a.videoPt()).isEqualTo(OfferSdp.RN_H264_PT);
    assertThat(a.videoCodec()).isEqualTo("VP8");
    assertThat(a.rtxPt()).isEqualTo(OfferSdp.RN_RTX_PT);
  }

  @Test
  void theH264OfferIsStillAnsweredWithH264() throws Exception {
    SdpNegotiator n = recorder();
    n.answer(SdpParser.parse(OfferSdp.browserDataChannelOnly(transport(), 7, 1)));
    AnswerInfo a =
        AnswerInfo.parse(
            n.answer(SdpParser.parse(OfferSdp.browserMedia(transport(), 7, 2, true))).sdp());
    assertThat(a.videoCodec()).isEqualTo("H264");
    assertThat(a.videoPt()).isEqualTo(OfferSdp.BROWSER_H264_PT);
  }

  private MediaSender sender() {
    MediaSender.Plan plan =
        new MediaSender.Plan(VIDEO_SSRC, RTX_SSRC, 0x3333L, 120, 124, 111, 9, "1", "2", "cname");
    return new MediaSender(
        SampleClip.vp8(),
        plan,
        new MediaSender.Impairments(0, 0, 0, true),
        new MediaSender.Out() {
          @Override
          public void sendRtp(PacketBuffer p) {
            rtp.add(p.toByteArray());
          }

          @Override
          public void sendRtcp(byte[] buf, int off, int len) {}
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
  void vp8FramesReassembleByteExactAKeyframeRequestJumpsToTheNextKeyframeAndNacksGetRtx()
      throws Exception {
    MediaSender s = sender();
    s.start();
    Thread.sleep(400);
    s.requestKeyframe();
    Thread.sleep(400);
    List<RtpPacket> sent = packets(VIDEO_SSRC);
    RtpPacket nacked = sent.get(3);
    s.onNack(nacked.sequenceNumber(), 0);
    Thread.sleep(100);
    s.stop();

    List<byte[]> frames = new ArrayList<>();
    List<Boolean> keyframes = new ArrayList<>();
    Vp8Depacketizer d =
        new Vp8Depacketizer(
            new FrameListener() {
              @Override
              public void onFrame(
                  byte[] data, int off, int len, long ts, boolean keyframe, int flags) {
                frames.add(Arrays.copyOfRange(data, off, off + len));
                keyframes.add(keyframe);
              }

              @Override
              public void onDamagedFrame(long ts, DamageReason reason) {
                throw new AssertionError("damaged " + reason);
              }
            });
    long seq = 0;
    for (RtpPacket p : sent) {
      assertThat(p.payloadType()).isEqualTo(120);
      assertThat(p.buffer().length).isLessThanOrEqualTo(MediaSender.MAX_PACKET);
      assertThat(p.findExtension(9)).isTrue();
      p.setExtended(seq++, p.timestamp());
      d.handle(p);
    }
    List<SendLog.VideoFrame> log = s.log().video();
    assertThat(frames).hasSizeGreaterThanOrEqualTo(20);
    for (int i = 0; i < frames.size(); i++) {
      SendLog.VideoFrame f = log.get(i);
      assertThat(frames.get(i))
          .as("frame %d", i)
          .isEqualTo(SampleClip.vp8().video().get(f.clipIndex()).nalUnits().get(0));
      assertThat(keyframes.get(i)).as("keyframe flag of frame %d", i).isEqualTo(f.keyframe());
      if (i > 0) {
        assertThat(f.rtpTimestamp() - log.get(i - 1).rtpTimestamp()).isEqualTo(3000);
      }
    }
    SendLog.VideoFrame requested =
        log.stream().filter(SendLog.VideoFrame::onRequest).findFirst().orElseThrow();
    assertThat(requested.keyframe()).isTrue();
    assertThat(requested.clipIndex()).isEqualTo(60); // the clip's next keyframe, jumped to
    assertThat(s.keyframesOnRequest.get()).isEqualTo(1);

    List<RtpPacket> rtx = packets(RTX_SSRC);
    assertThat(rtx).hasSize(1);
    RtpPacket r = rtx.get(0);
    assertThat(r.payloadType()).isEqualTo(124);
    int osn =
        ((r.buffer()[r.payloadOffset()] & 0xFF) << 8) | (r.buffer()[r.payloadOffset() + 1] & 0xFF);
    assertThat(osn).isEqualTo(nacked.sequenceNumber());
    assertThat(
            Arrays.copyOfRange(
                r.buffer(), r.payloadOffset() + 2, r.payloadOffset() + r.payloadLength()))
        .isEqualTo(
            Arrays.copyOfRange(
                nacked.buffer(),
                nacked.payloadOffset(),
                nacked.payloadOffset() + nacked.payloadLength()));
  }
}
