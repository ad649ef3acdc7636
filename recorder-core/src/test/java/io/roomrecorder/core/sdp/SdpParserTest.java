package io.roomrecorder.core.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomrecorder.core.dtls.Fingerprint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdpParserTest {

  @Test
  void chromiumDataChannelOfferHasOneBundledSctpSection() throws Exception {
    SessionDescription sd = Offers.parse(Offers.CHROMIUM_DC);

    assertThat(sd.originSessionId()).isEqualTo("4611731400430051336");
    assertThat(sd.bundleGroups()).containsExactly(List.of("0"));
    assertThat(sd.extmapAllowMixed()).isTrue();
    assertThat(sd.media()).hasSize(1);
    MediaDescription dc = sd.media().get(0);
    assertThat(dc.isDataChannel()).isTrue();
    assertThat(dc.mid()).isEqualTo("0");
    assertThat(dc.sctpPort()).isEqualTo(5000);
    assertThat(dc.maxMessageSize()).isEqualTo(262144);
    assertThat(dc.setup()).isEqualTo(Setup.ACTPASS);
    assertThat(dc.iceUfrag()).isEqualTo("a19f");
    assertThat(dc.icePwd()).isEqualTo("Wb3nJ0Yx3cF0aJq8XmS9rT2u");
    assertThat(dc.iceOptions()).containsExactly("trickle");
    assertThat(dc.fingerprints())
        .singleElement()
        .extracting(Fingerprint::algorithm)
        .isEqualTo("sha-256");
    assertThat(dc.candidates()).hasSize(2);
    Candidate host = dc.candidates().get(0);
    assertThat(host.address()).isEqualTo("127.0.0.1");
    assertThat(host.port()).isEqualTo(36062);
    assertThat(host.priority()).isEqualTo(2122260223L);
    assertThat(host.type()).isEqualTo("host");
    assertThat(dc.candidates().get(1).tcpType()).isEqualTo("active");
  }

  @Test
  void chromiumMediaOfferKeepsEveryPayloadTypeWithItsFeedbackAndFmtp() throws Exception {
    SessionDescription sd = Offers.parse(Offers.CHROMIUM_MEDIA);

    assertThat(sd.bundleGroups()).containsExactly(List.of("0", "1", "2"));
    assertThat(sd.media())
        .extracting(MediaDescription::media)
        .containsExactly("application", "video", "audio");
    MediaDescription video = sd.media().get(1);
    assertThat(video.payloads()).hasSize(23);
    assertThat(video.rtcpMux()).isTrue();
    assertThat(video.rtcpRsize()).isTrue();
    assertThat(video.direction()).isEqualTo(Direction.SENDRECV);
    PayloadFormat h264 = video.payload(108).orElseThrow();
    assertThat(h264.encodingName()).isEqualTo("H264");
    assertThat(h264.clockRate()).isEqualTo(90000);
    assertThat(h264.fmtpParameters())
        .containsEntry("profile-level-id", "42e01f")
        .containsEntry("packetization-mode", "1");
    assertThat(h264.rtcpFeedback())
        .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
    assertThat(video.payload(109).orElseThrow().fmtpParameters()).containsEntry("apt", "108");
    assertThat(video.extmaps())
        .extracting(Extmap::id)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(video.extmap(Extmap.ABS_SEND_TIME).orElseThrow().id()).isEqualTo(2);
    assertThat(video.ssrcGroups())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.semantics()).isEqualTo("FID");
              assertThat(g.ssrcs()).containsExactly(2915386014L, 1402470396L);
            });
    assertThat(video.rtxSsrcFor(2915386014L)).contains(1402470396L);
    assertThat(video.ssrcs()).containsExactly(2915386014L, 1402470396L);

    MediaDescription audio = sd.media().get(2);
    PayloadFormat opus = audio.payload(111).orElseThrow();
    assertThat(opus.channels()).isEqualTo(2);
    assertThat(opus.fmtp()).isEqualTo("minptime=10;useinbandfec=1");
    assertThat(audio.payload(0).orElseThrow().encodingName()).isEqualTo("PCMU");
  }

  @Test
  void firefoxSessionLevelFingerprintAppliesToEveryMediaSection() throws Exception {
    SessionDescription sd = Offers.parse(Offers.FIREFOX);

    assertThat(sd.fingerprints()).hasSize(1);
    for (MediaDescription m : sd.media()) {
      assertThat(m.fingerprints()).isEqualTo(sd.fingerprints());
      assertThat(m.iceUfrag()).isEqualTo("3f2a9c1e");
      assertThat(m.iceOptions()).containsExactly("trickle");
    }
    MediaDescription audio = sd.media().get(0);
    assertThat(audio.extmaps().get(1).direction()).isEqualTo(Direction.RECVONLY);
    assertThat(sd.media().get(2).maxMessageSize()).isEqualTo(1073741823L);
  }

  @Test
  void raspberryNinjaStringMidsBundleOnlyAndTheAllOnesSsrc() throws Exception {
    SessionDescription sd = Offers.parse(Offers.RASPBERRY_NINJA);

    assertThat(sd.bundleGroups()).containsExactly(List.of("video0", "audio1", "application2"));
    assertThat(sd.iceOptions()).containsExactly("trickle");
    MediaDescription video = sd.media().get(0);
    MediaDescription audio = sd.media().get(1);
    MediaDescription data = sd.media().get(2);
    assertThat(video.mid()).isEqualTo("video0");
    assertThat(video.extmaps()).isEmpty();
    assertThat(video.rtcpMuxOnly()).isTrue();
    assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(audio.port()).isZero();
    assertThat(audio.bundleOnly()).isTrue();
    assertThat(audio.ssrcs()).containsExactly(0xFFFFFFFFL);
    assertThat(audio.payload(100).orElseThrow().is("opus")).isTrue();
    assertThat(data.port()).isZero();
    assertThat(data.bundleOnly()).isTrue();
    assertThat(data.isDataChannel()).isTrue();
    assertThat(data.maxMessageSize()).isEqualTo(-1);
    assertThat(sd.fingerprints()).isEmpty();
    assertThat(video.fingerprints()).hasSize(1);
  }

  @Test
  void bareLineFeedsAndBlankLinesAreAccepted() throws Exception {
    String lf = Offers.text(Offers.CHROMIUM_DC).replace("\r\n", "\n") + "\n\n";
    assertThat(SdpParser.parse(lf).media()).hasSize(1);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource(
      delimiter = '|',
      value = {
        "an SSRC above 2^32-1|a=ssrc:4294967296 cname:x",
        "a payload type above 127 on rtpmap|a=rtpmap:128 H264/90000",
        "a negative SSRC|a=ssrc:-1 cname:x",
        "a second mid|a=mid:again",
        "an extmap id of 0|a=extmap:0 urn:x",
        "an unknown setup value|a=setup:sideways",
        "a fingerprint with a short hash|a=fingerprint:sha-256 AB:CD",
        "a sha-1 fingerprint of the wrong length|a=fingerprint:sha-1 AB:CD:EF",
        "an ice-pwd shorter than 22|a=ice-pwd:short",
        "a candidate without typ|a=candidate:1 1 udp 1 127.0.0.1 9 host",
        "a port in a candidate above 65535|a=candidate:1 1 udp 1 127.0.0.1 70000 typ host",
      })
  void malformedAttributesAreRefusedWithTheLineNumber(String what, String line) {
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n"
            + line
            + "\r\n";
    assertThatThrownBy(() -> SdpParser.parse(sdp))
        .isInstanceOf(SdpParseException.class)
        .satisfies(e -> assertThat(((SdpParseException) e).line()).isEqualTo(7));
  }

  @Test
  void twoSectionsWithOneMidAreRefused() {
    String sdp =
        "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:a\r\n";
    assertThatThrownBy(() -> SdpParser.parse(sdp)).hasMessageContaining("mid a used by two");
  }

  @Test
  void attributesForPayloadTypesNotOnTheMLineAreIgnored() throws Exception {
    String sdp =
        "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:97 H264/90000\r\na=fmtp:97 apt=1\r\n";
    MediaDescription m = SdpParser.parse(sdp).media().get(0);
    assertThat(m.payloads()).singleElement().extracting(PayloadFormat::payloadType).isEqualTo(96);
  }

  @Test
  void wildcardFeedbackAppliesToEveryPayloadType() throws Exception {
    String sdp =
        "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=rtcp-fb:* nack\r\na=rtcp-fb:96 ccm fir\r\n";
    MediaDescription m = SdpParser.parse(sdp).media().get(0);
    assertThat(m.payload(96).orElseThrow().rtcpFeedback()).containsExactly("ccm fir", "nack");
    assertThat(m.payload(97).orElseThrow().rtcpFeedback()).containsExactly("nack");
  }

  @Test
  void tricklesCandidateParsesWithOrWithoutPrefix() throws Exception {
    Candidate a = Candidate.parse("candidate:1 1 UDP 2015363327 127.0.0.1 40000 typ host");
    Candidate b = Candidate.parse("a=candidate:1 1 udp 2015363327 127.0.0.1 40000 typ host");
    assertThat(a).isEqualTo(b);
    assertThat(a.transport()).isEqualTo("udp");
    Candidate relay =
        Candidate.parse(
            "candidate:7 1 udp 41885439 127.0.0.1 3478 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag x");
    assertThat(relay.relatedAddress()).isEqualTo("0.0.0.0");
    assertThat(relay.relatedPort()).isZero();
    assertThat(Candidate.parse(relay.toSdpValue())).isEqualTo(relay);
  }

  @Test
  void fingerprintsWithHashesWeDoNotCheckAreSkippedNotFatal() throws Exception {
    String sha256 = Fingerprint.of("sha-256", new byte[] {9}).toSdpValue();
    String sdp =
        "v=0\r\na=fingerprint:md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\r\n"
            + "a=fingerprint:sha-224 00:11\r\na=fingerprint:"
            + sha256
            + "\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n";
    SessionDescription sd = SdpParser.parse(sdp);
    assertThat(sd.fingerprints()).containsExactly(Fingerprint.parse(sha256));
    assertThat(sd.media().get(0).fingerprints()).containsExactly(Fingerprint.parse(sha256));
  }
}
