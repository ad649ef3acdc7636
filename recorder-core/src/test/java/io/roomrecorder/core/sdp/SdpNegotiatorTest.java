package io.roomrecorder.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.Fingerprint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpNegotiatorTest {

  private static final Fingerprint OURS =
      Fingerprint.of(
          "sha-256", "our certificate".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  private static final LocalTransport LOCAL =
      new LocalTransport("rrUf", "rrPasswordOfTwentyTwoChars", OURS);

  private static SdpNegotiator negotiator() {
    return new SdpNegotiator(LOCAL, AnswerOptions.defaults(77));
  }

  /** Our answers must be valid SDP by our own parser: round trip them. */
  private static SessionDescription reparse(Answer a) throws SdpParseException {
    return SdpParser.parse(a.sdp());
  }

  @Test
  void dataChannelOfferIsAnsweredActiveWithOurCredentialsAndTheSctpPort() throws Exception {
    Answer a = negotiator().answer(Offers.parse(Offers.CHROMIUM_DC));

    assertThat(a.dtlsRole()).isEqualTo(DtlsRole.CLIENT);
    assertThat(a.renegotiation()).isFalse();
    assertThat(a.remoteIceUfrag()).isEqualTo("a19f");
    assertThat(a.remoteCandidates()).hasSize(2);
    assertThat(a.bundleMids()).containsExactly("0");
    assertThat(a.dataChannel().orElseThrow().sctpPort()).isEqualTo(5000);
    assertThat(a.sdp())
        .contains("a=group:BUNDLE 0\r\n")
        .contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n")
        .contains("a=setup:active\r\n")
        .contains("a=ice-ufrag:rrUf\r\n")
        .contains("a=ice-options:trickle\r\n")
        .contains("a=fingerprint:" + OURS.toSdpValue() + "\r\n")
        .contains("a=sctp-port:5000\r\n")
        .contains("a=max-message-size:262144\r\n")
        .contains("a=extmap-allow-mixed\r\n");
    SessionDescription back = reparse(a);
    assertThat(back.media().get(0).setup()).isEqualTo(Setup.ACTIVE);
    assertThat(back.media().get(0).fingerprints()).containsExactly(OURS);
  }

  @Test
  void chromiumMediaRenegotiationKeepsTheTransportAndAnswersH264ConstrainedBaselineAndOpus()
      throws Exception {
    SdpNegotiator n = negotiator();
    Answer first = n.answer(Offers.parse(Offers.CHROMIUM_DC));
    Answer a = n.answer(Offers.parse(Offers.CHROMIUM_MEDIA));

    assertThat(a.renegotiation()).isTrue();
    assertThat(a.dtlsRole()).isEqualTo(first.dtlsRole());
    assertThat(a.bundleMids()).containsExactly("0", "1", "2");
    MediaAnswer video = a.accepted("video").orElseThrow();
    assertThat(video.codec().payloadType()).isEqualTo(108);
    assertThat(video.rtx().payloadType()).isEqualTo(109);
    assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(video.remoteSsrcs()).containsExactly(2915386014L, 1402470396L);
    assertThat(video.extmaps()).extracting(Extmap::id).containsExactly(2, 9);
    MediaAnswer audio = a.accepted("audio").orElseThrow();
    assertThat(audio.codec().payloadType()).isEqualTo(111);
    assertThat(audio.rtx()).isNull();

    SessionDescription back = reparse(a);
    assertThat(back.media()).extracting(MediaDescription::mid).containsExactly("0", "1", "2");
    MediaDescription v = back.media().get(1);
    assertThat(v.formats()).containsExactly("108", "109");
    assertThat(v.payload(108).orElseThrow().rtcpFeedback())
        .containsExactlyInAnyOrder("goog-remb", "ccm fir", "nack", "nack pli");
    assertThat(v.payload(108).orElseThrow().fmtp())
        .isEqualTo("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
    assertThat(v.payload(109).orElseThrow().fmtp()).isEqualTo("apt=108");
    assertThat(v.direction()).isEqualTo(Direction.RECVONLY);
    assertThat(v.rtcpMux()).isTrue();
    assertThat(v.iceUfrag()).isEqualTo("rrUf");
    MediaDescription au = back.media().get(2);
    assertThat(au.formats()).containsExactly("111");
    assertThat(au.payload(111).orElseThrow().rtcpFeedback()).isEmpty();
    assertThat(au.payload(111).orElseThrow().fmtp()).isEqualTo("minptime=10;useinbandfec=1");
    assertThat(a.sdp()).doesNotContain("transport-cc").doesNotContain("transport-wide-cc");
    // RFC 3264 §8: same sess-id, higher version.
    assertThat(back.originSessionId()).isEqualTo(reparse(first).originSessionId());
    assertThat(Long.parseLong(back.originSessionVersion()))
        .isGreaterThan(Long.parseLong(reparse(first).originSessionVersion()));
  }

  @Test
  void transportCcIsAdvertisedOnlyWhenEnabled() throws Exception {
    SdpNegotiator n = new SdpNegotiator(LOCAL, new AnswerOptions(1, true, true, 65536));
    Answer a = n.answer(Offers.parse(Offers.CHROMIUM_MEDIA));
    assertThat(a.accepted("video").orElseThrow().extmaps())
        .extracting(Extmap::id)
        .containsExactly(2, 4, 9);
    assertThat(a.sdp())
        .contains("a=rtcp-fb:108 transport-cc")
        .contains("a=rtcp-fb:111 transport-cc");
  }

  @Test
  void firefoxGetsH264PayloadType126WithRtx127AndOpus109() throws Exception {
    Answer a = negotiator().answer(Offers.parse(Offers.FIREFOX));
    assertThat(a.media()).extracting(MediaAnswer::mid).containsExactly("0", "1", "2");
    assertThat(a.accepted("video").orElseThrow().codec().payloadType()).isEqualTo(126);
    assertThat(a.accepted("video").orElseThrow().rtx().payloadType()).isEqualTo(127);
    assertThat(a.accepted("audio").orElseThrow().codec().payloadType()).isEqualTo(109);
    assertThat(a.dataChannel().orElseThrow().remoteMaxMessageSize()).isEqualTo(1073741823L);
    assertThat(reparse(a).bundleGroups()).containsExactly(List.of("0", "1", "2"));
  }

  @Test
  void raspberryNinjaBundleOnlySectionsAreAcceptedAndSpropIsNotEchoed() throws Exception {
    Answer a = negotiator().answer(Offers.parse(Offers.RASPBERRY_NINJA));

    assertThat(a.dtlsRole()).isEqualTo(DtlsRole.CLIENT);
    assertThat(a.bundleMids()).containsExactly("video0", "audio1", "application2");
    MediaAnswer video = a.accepted("video").orElseThrow();
    assertThat(video.codec().payloadType()).isEqualTo(96);
    assertThat(video.rtx().payloadType()).isEqualTo(97);
    assertThat(video.ssrcGroups())
        .singleElement()
        .extracting(SsrcGroup::semantics)
        .isEqualTo("FID");
    MediaAnswer audio = a.accepted("audio").orElseThrow();
    assertThat(audio.codec().payloadType()).isEqualTo(100);
    assertThat(audio.rtx().payloadType()).isEqualTo(98);
    assertThat(audio.remoteSsrcs()).containsExactly(0xFFFFFFFFL);
    assertThat(a.dataChannel().orElseThrow().remoteMaxMessageSize()).isEqualTo(65536);
    assertThat(a.sdp())
        .contains("a=fmtp:96 packetization-mode=1;profile-level-id=42c01f\r\n")
        .doesNotContain("sprop")
        .contains("a=rtcp-rsize")
        .contains("m=audio 9 UDP/TLS/RTP/SAVPF 100 98\r\n");
    SessionDescription back = reparse(a);
    assertThat(back.media()).allSatisfy(m -> assertThat(m.port()).isEqualTo(9));
  }

  @ParameterizedTest(name = "an offer with a=setup:{0} makes us a=setup:{1}")
  @CsvSource({"actpass, active, CLIENT", "active, passive, SERVER", "passive, active, CLIENT"})
  void setupRoleFollowsRfc8842(String offered, String answered, DtlsRole role) throws Exception {
    String sdp = Offers.text(Offers.CHROMIUM_DC).replace("a=setup:actpass", "a=setup:" + offered);
    Answer a = negotiator().answer(SdpParser.parse(sdp));
    assertThat(a.dtlsRole()).isEqualTo(role);
    assertThat(a.sdp()).contains("a=setup:" + answered + "\r\n");
  }

  @Test
  void vp8IsChosenWhenThereIsNoH264() throws Exception {
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE v\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 98 96 97\r\na=mid:v\r\na=rtcp-mux\r\n"
            + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\n"
            + "a=fingerprint:"
            + OURS.toSdpValue()
            + "\r\na=setup:actpass\r\n"
            + "a=rtpmap:98 VP9/90000\r\na=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n";
    Answer a = negotiator().answer(SdpParser.parse(sdp));
    assertThat(a.accepted("video").orElseThrow().codec().encodingName()).isEqualTo("VP8");
    assertThat(a.accepted("video").orElseThrow().rtx().payloadType()).isEqualTo(97);

    SdpNegotiator noVp8 = new SdpNegotiator(LOCAL, new AnswerOptions(1, false, false, 65536));
    Answer rejected = noVp8.answer(SdpParser.parse(sdp));
    assertThat(rejected.media().get(0).accepted()).isFalse();
    assertThat(rejected.media().get(0).reason())
        .as("the reason names what was offered, for the user's log")
        .isEqualTo("no H.264 packetization-mode=1 (offered: VP9, VP8, rtx)");
    assertThat(rejected.sdp())
        .contains("m=video 0 UDP/TLS/RTP/SAVPF 98\r\n")
        .contains("a=mid:v\r\n");
    assertThat(rejected.bundleMids()).isEmpty();
  }

  @Test
  void unsupportedSectionsAreRejectedWithPortZeroAndKeepTheirMid() throws Exception {
    String sdp =
        Offers.text(Offers.CHROMIUM_MEDIA).replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1 2 3")
            + "m=text 9 UDP/TLS/RTP/SAVPF 98\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\na=rtcp-mux\r\na=rtpmap:98 t140/1000\r\n";
    Answer a = negotiator().answer(SdpParser.parse(sdp));
    assertThat(a.media())
        .extracting(MediaAnswer::accepted)
        .containsExactly(true, true, true, false);
    assertThat(a.media().get(3).reason()).contains("text");
    SessionDescription back = reparse(a);
    assertThat(back.media().get(3).port()).isZero();
    assertThat(back.media().get(3).mid()).isEqualTo("3");
    assertThat(back.bundleGroups()).containsExactly(List.of("0", "1", "2"));
  }

  @Test
  void aLaterOfferThatRestartsIceIsRefused() throws Exception {
    SdpNegotiator n = negotiator();
    n.answer(Offers.parse(Offers.CHROMIUM_DC));
    String restarted =
        Offers.text(Offers.CHROMIUM_MEDIA).replace("a=ice-ufrag:a19f", "a=ice-ufrag:zz9z");
    assertThatThrownBy(() -> n.answer(SdpParser.parse(restarted)))
        .isInstanceOf(SdpNegotiationException.class)
        .hasMessageContaining("ICE restart");
  }

  @Test
  void aLaterOfferThatMovesAnMLineIsRefused() throws Exception {
    SdpNegotiator n = negotiator();
    n.answer(Offers.parse(Offers.CHROMIUM_MEDIA));
    assertThatThrownBy(() -> n.answer(Offers.parse(Offers.CHROMIUM_DC)))
        .isInstanceOf(SdpNegotiationException.class)
        .hasMessageContaining("fewer");
  }

  @Test
  void anOfferWithoutFingerprintIsRefused() throws Exception {
    String sdp = Offers.text(Offers.CHROMIUM_DC).replaceAll("a=fingerprint:[^\r]*\r\n", "");
    assertThatThrownBy(() -> negotiator().answer(SdpParser.parse(sdp)))
        .isInstanceOf(SdpNegotiationException.class)
        .hasMessageContaining("fingerprint");
  }

  @Test
  void candidatesGoIntoTheFirstAcceptedSectionOnly() throws Exception {
    Candidate c = Candidate.parse("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host");
    LocalTransport withCandidates =
        new LocalTransport("rrUf", "rrPasswordOfTwentyTwoChars", OURS, List.of(c), true);
    Answer a =
        new SdpNegotiator(withCandidates, AnswerOptions.defaults(1))
            .answer(Offers.parse(Offers.CHROMIUM_MEDIA));
    SessionDescription back = reparse(a);
    assertThat(back.media().get(0).candidates()).containsExactly(c);
    assertThat(back.media().get(0).endOfCandidates()).isTrue();
    assertThat(back.media().get(1).candidates()).isEmpty();
  }

  @ParameterizedTest(name = "H.264 profile-level-id {0} ranks {1}")
  @CsvSource({
    "42e01f, 0",
    "42001f, 1",
    "42c01f, 2",
    "42000a, 3",
    "4d001f, 4",
    "640c1f, 5",
    "xyz, 9"
  })
  void h264ProfilesRankConstrainedBaselineFirst(String id, int rank) {
    assertThat(CodecChoice.h264Rank(id)).isEqualTo(rank);
  }
}
