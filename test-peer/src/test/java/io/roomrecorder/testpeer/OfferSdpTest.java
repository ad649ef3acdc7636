package io.roomrecorder.testpeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.sdp.Answer;
import io.roomrecorder.core.sdp.AnswerOptions;
import io.roomrecorder.core.sdp.LocalTransport;
import io.roomrecorder.core.sdp.MediaDescription;
import io.roomrecorder.core.sdp.SdpNegotiator;
import io.roomrecorder.core.sdp.SdpParseException;
import io.roomrecorder.core.sdp.SdpParser;
import io.roomrecorder.core.sdp.SessionDescription;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The test publisher's offers have the shapes of vdo-ninja.md §10 and §11, and the recorder's own
 * negotiator answers them the way the publisher then reads.
 */
class OfferSdpTest {
  private static final DtlsCertificate OURS =
      DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());
  private static final DtlsCertificate RECORDER =
      DtlsCertificate.generateEcdsaP256(new SecureRandom(), Instant.now());

  private static OfferSdp.Transport transport(String setup) {
    return new OfferSdp.Transport(
        "abcd",
        "0123456789abcdefghijklmn",
        OURS.fingerprint().toSdpValue(),
        setup,
        0x1234L,
        0x5678L,
        0xFFFF_FFFFL,
        "cname");
  }

  private static SdpNegotiator recorder() {
    return new SdpNegotiator(
        new LocalTransport("wxyz", "zyxwvutsrqponmlkjihgfedc", RECORDER.fingerprint()),
        AnswerOptions.defaults(1));
  }

  @Test
  void theBrowsersFirstOfferHoldsOnlyTheDataChannel() throws Exception {
    SessionDescription d =
        SdpParser.parse(OfferSdp.browserDataChannelOnly(transport("actpass"), 7, 1));
    assertThat(d.media()).hasSize(1);
    assertThat(d.media().get(0).isDataChannel()).isTrue();
    assertThat(d.bundleGroups()).containsExactly(java.util.List.of("0"));
    AnswerInfo a = AnswerInfo.parse(recorder().answer(d).sdp());
    assertThat(a.dataChannel()).isTrue();
    assertThat(a.videoPt()).isEqualTo(-1);
    assertThat(a.ourDtlsRole()).isEqualTo(DtlsRole.SERVER); // the recorder answers active
    assertThat(a.fingerprints()).containsExactly(RECORDER.fingerprint());
  }

  @Test
  void theBrowsersMediaOfferRenegotiatesTheSameTransportWithH264RtxOpusAndMid() throws Exception {
    SdpNegotiator n = recorder();
    n.answer(SdpParser.parse(OfferSdp.browserDataChannelOnly(transport("actpass"), 7, 1)));
    SessionDescription d = SdpParser.parse(OfferSdp.browserMedia(transport("actpass"), 7, 2, true));
    assertThat(d.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2");
    assertThat(d.media().get(1).rtxSsrcFor(0x1234L)).contains(0x5678L);
    Answer answer = n.answer(d);
    AnswerInfo a = AnswerInfo.parse(answer.sdp());
    assertThat(a.videoPt()).isEqualTo(OfferSdp.BROWSER_H264_PT);
    assertThat(a.rtxPt()).isEqualTo(OfferSdp.BROWSER_RTX_PT);
    assertThat(a.audioPt()).isEqualTo(OfferSdp.BROWSER_OPUS_PT);
    assertThat(a.midExtensionId()).isEqualTo(OfferSdp.BROWSER_MID_EXTENSION_ID);
    assertThat(a.videoMid()).isEqualTo("1");
    assertThat(a.audioMid()).isEqualTo("2");
  }

  @Test
  void theRaspberryNinjaOfferHasMediaFirstBundleOnlyAndNoExtensions() throws Exception {
    String sdp = OfferSdp.raspberryNinja(transport("actpass"), 7, 0);
    assertThat(sdp).doesNotContain("a=extmap").doesNotContain("a=candidate");
    SessionDescription d = SdpParser.parse(sdp);
    assertThat(d.media())
        .extracting(MediaDescription::mid)
        .containsExactly("video0", "audio1", "application2");
    assertThat(d.media().get(1).port()).isZero();
    assertThat(d.media().get(1).bundleOnly()).isTrue();
    assertThat(d.media().get(1).ssrcs()).containsExactly(0xFFFF_FFFFL);
    AnswerInfo a = AnswerInfo.parse(recorder().answer(d).sdp());
    assertThat(a.videoPt()).isEqualTo(OfferSdp.RN_H264_PT);
    assertThat(a.rtxPt()).isEqualTo(OfferSdp.RN_RTX_PT);
    assertThat(a.audioPt()).isEqualTo(OfferSdp.RN_OPUS_PT);
    assertThat(a.midExtensionId()).isZero();
    assertThat(a.dataChannel()).isTrue();
  }

  @Test
  void anActiveOfferMakesTheRecorderTheDtlsServerAndUsTheClient() throws Exception {
    SessionDescription d =
        SdpParser.parse(OfferSdp.browserDataChannelOnly(transport("active"), 7, 1));
    assertThat(AnswerInfo.parse(recorder().answer(d).sdp()).ourDtlsRole())
        .isEqualTo(DtlsRole.CLIENT);
  }

  @Test
  void hostileAnswersAreRefusedWithAParseErrorNeverAnotherException() throws Exception {
    SdpNegotiator n = recorder();
    String good =
        n.answer(SdpParser.parse(OfferSdp.browserMedia(transport("actpass"), 7, 2, true))).sdp();
    Random random = new Random(99);
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      String s;
      switch (i % 4) {
        case 0 -> s = good.substring(0, random.nextInt(good.length())); // truncated
        case 1 -> {
          char[] c = good.toCharArray(); // mutated
          for (int k = 0; k < 1 + random.nextInt(8); k++) {
            c[random.nextInt(c.length)] = (char) random.nextInt(128);
          }
          s = new String(c);
        }
        case 2 -> {
          byte[] b = new byte[random.nextInt(400)]; // random
          random.nextBytes(b);
          s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        default -> s = good.replace("a=setup:active", "a=setup:actpass"); // not an answer role
      }
      try {
        AnswerInfo.parse(s);
      } catch (SdpParseException e) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(1500);
    assertThatThrownBy(() -> AnswerInfo.parse(good.replace("a=setup:active", "a=setup:actpass")))
        .isInstanceOf(SdpParseException.class);
  }
}
