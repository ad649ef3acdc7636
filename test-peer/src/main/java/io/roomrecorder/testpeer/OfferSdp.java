package io.roomrecorder.testpeer;

import io.roomrecorder.testpeer.media.VideoCodec;
import java.util.Objects;

/**
 * Writes the test publisher's SDP offers (RFC 8866, JSEP RFC 8829 §5.2) in the two shapes the
 * recorder meets (vdo-ninja.md §10, §11):
 *
 * <ul>
 *   <li>{@link PublisherMode#BROWSER}: first a data-channel-only offer ({@code BUNDLE 0}), then,
 *       after the viewer's hello, {@code BUNDLE 0 1 2} with the data channel (mid 0), H.264 video
 *       with RTX (mid 1) and Opus (mid 2), header extension {@code sdes:mid}, {@code
 *       ssrc-group:FID}, like Chromium.
 *   <li>{@link PublisherMode#RASPBERRY_NINJA}: one offer with media first, string mids {@code
 *       video0 audio1 application2}, audio and data channel {@code bundle-only} with port 0, H.264
 *       PT 96 + RTX 97, Opus PT 100, no {@code a=extmap}, no candidates, like GStreamer's
 *       webrtcbin.
 * </ul>
 *
 * <p>With {@link VideoCodec#VP8} the video m-line offers VP8 only, as an offline Firefox does (its
 * H.264 is a plugin fetched at run time): PT {@value #BROWSER_VP8_PT} VP8/90000 with RTX {@value
 * #BROWSER_VP8_RTX_PT}, {@code max-fs=12288;max-fr=60}, feedback nack, nack pli, ccm fir,
 * goog-remb, transport-cc; Raspberry Ninja's {@code --vp8} keeps PT 96 + RTX 97.
 *
 * <p>Immutable values in, a string out; thread-safe.
 */
public final class OfferSdp {
  /** Payload types the offers use. */
  public static final int BROWSER_H264_PT = 102;

  public static final int BROWSER_RTX_PT = 103;
  public static final int BROWSER_VP8_PT = 120;
  public static final int BROWSER_VP8_RTX_PT = 124;
  public static final int BROWSER_OPUS_PT = 111;
  public static final int RN_H264_PT = 96;
  public static final int RN_RTX_PT = 97;
  public static final int RN_OPUS_PT = 100;

  /** The extension id a browser gives {@code urn:ietf:params:rtp-hdrext:sdes:mid}. */
  public static final int BROWSER_MID_EXTENSION_ID = 9;

  static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

  /**
   * The transport and stream identity of one offer.
   *
   * @param fingerprint {@code a=fingerprint} value, e.g. {@code sha-256 AB:CD:…}
   * @param setup {@code actpass}, {@code active} or {@code passive}
   * @param videoSsrc, rtxSsrc, audioSsrc unsigned 32-bit values
   */
  public record Transport(
      String ufrag,
      String pwd,
      String fingerprint,
      String setup,
      long videoSsrc,
      long rtxSsrc,
      long audioSsrc,
      String cname) {
    public Transport {
      Objects.requireNonNull(ufrag);
      Objects.requireNonNull(pwd);
      Objects.requireNonNull(fingerprint);
      Objects.requireNonNull(setup);
      Objects.requireNonNull(cname);
    }
  }

  private OfferSdp() {}

  /** The browser's first offer: only the data channel (vdo-ninja.md §10). */
  public static String browserDataChannelOnly(Transport t, long sessionId, int version) {
    StringBuilder sb = header(sessionId, version);
    line(sb, "a=group:BUNDLE 0");
    line(sb, "a=extmap-allow-mixed");
    line(sb, "a=msid-semantic: WMS");
    dataChannel(sb, t);
    return sb.toString();
  }

  /** The browser's renegotiation offer after the hello: data channel, H.264 video, audio. */
  public static String browserMedia(Transport t, long sessionId, int version, boolean audio) {
    return browserMedia(t, sessionId, version, audio, VideoCodec.H264);
  }

  /**
   * The browser's renegotiation offer after the hello: data channel, {@code codec} video, audio.
   */
  public static String browserMedia(
      Transport t, long sessionId, int version, boolean audio, VideoCodec codec) {
    boolean vp8 = codec == VideoCodec.VP8;
    int pt = vp8 ? BROWSER_VP8_PT : BROWSER_H264_PT;
    int rtx = vp8 ? BROWSER_VP8_RTX_PT : BROWSER_RTX_PT;
    StringBuilder sb = header(sessionId, version);
    line(sb, audio ? "a=group:BUNDLE 0 1 2" : "a=group:BUNDLE 0 1");
    line(sb, "a=extmap-allow-mixed");
    line(sb, "a=msid-semantic: WMS testpeer");
    dataChannel(sb, t);
    line(sb, "m=video 9 UDP/TLS/RTP/SAVPF " + pt + " " + rtx);
    line(sb, "c=IN IP4 0.0.0.0");
    line(sb, "a=rtcp:9 IN IP4 0.0.0.0");
    transport(sb, t);
    line(sb, "a=mid:1");
    line(sb, "a=extmap:" + BROWSER_MID_EXTENSION_ID + " " + MID_URI);
    line(sb, "a=sendrecv");
    line(sb, "a=msid:testpeer video");
    line(sb, "a=rtcp-mux");
    line(sb, "a=rtcp-rsize");
    line(sb, "a=rtpmap:" + pt + " " + codec.encodingName() + "/90000");
    for (String fb : new String[] {"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"}) {
      line(sb, "a=rtcp-fb:" + pt + " " + fb);
    }
    line(
        sb,
        "a=fmtp:"
            + pt
            + (vp8
                ? " max-fs=12288;max-fr=60"
                : " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"));
    line(sb, "a=rtpmap:" + rtx + " rtx/90000");
    line(sb, "a=fmtp:" + rtx + " apt=" + pt);
    line(sb, "a=ssrc-group:FID " + t.videoSsrc() + " " + t.rtxSsrc());
    line(sb, "a=ssrc:" + t.videoSsrc() + " cname:" + t.cname());
    line(sb, "a=ssrc:" + t.rtxSsrc() + " cname:" + t.cname());
    if (audio) {
      line(sb, "m=audio 9 UDP/TLS/RTP/SAVPF " + BROWSER_OPUS_PT);
      line(sb, "c=IN IP4 0.0.0.0");
      line(sb, "a=rtcp:9 IN IP4 0.0.0.0");
      transport(sb, t);
      line(sb, "a=mid:2");
      line(sb, "a=extmap:" + BROWSER_MID_EXTENSION_ID + " " + MID_URI);
      line(sb, "a=sendrecv");
      line(sb, "a=msid:testpeer audio");
      line(sb, "a=rtcp-mux");
      line(sb, "a=rtpmap:" + BROWSER_OPUS_PT + " opus/48000/2");
      line(sb, "a=rtcp-fb:" + BROWSER_OPUS_PT + " transport-cc");
      line(sb, "a=fmtp:" + BROWSER_OPUS_PT + " minptime=10;useinbandfec=1");
      line(sb, "a=ssrc:" + t.audioSsrc() + " cname:" + t.cname());
    }
    return sb.toString();
  }

  /** Raspberry Ninja's only offer: media first, the data channel last (vdo-ninja.md §11). */
  public static String raspberryNinja(Transport t, long sessionId, int version) {
    return raspberryNinja(t, sessionId, version, VideoCodec.H264);
  }

  /** Raspberry Ninja's only offer with {@code codec} video ({@code --vp8} for VP8). */
  public static String raspberryNinja(Transport t, long sessionId, int version, VideoCodec codec) {
    StringBuilder sb = new StringBuilder();
    line(sb, "v=0");
    line(sb, "o=- " + sessionId + " " + version + " IN IP4 0.0.0.0");
    line(sb, "s=-");
    line(sb, "t=0 0");
    line(sb, "a=ice-options:trickle");
    line(sb, "a=group:BUNDLE video0 audio1 application2");
    line(sb, "m=video 9 UDP/TLS/RTP/SAVPF " + RN_H264_PT + " " + RN_RTX_PT);
    line(sb, "c=IN IP4 0.0.0.0");
    rnTransport(sb, t);
    line(sb, "a=sendonly");
    line(sb, "a=rtpmap:" + RN_H264_PT + " " + codec.encodingName() + "/90000");
    for (String fb : new String[] {"nack", "nack pli", "ccm fir", "transport-cc"}) {
      line(sb, "a=rtcp-fb:" + RN_H264_PT + " " + fb);
    }
    if (codec == VideoCodec.H264) {
      line(
          sb,
          "a=fmtp:"
              + RN_H264_PT
              + " packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets="
              + "Z0LAH9oBQBbsBEAAAAMAQAAADyPGDKg=,aM4PyA==");
    }
    line(sb, "a=rtpmap:" + RN_RTX_PT + " rtx/90000");
    line(sb, "a=fmtp:" + RN_RTX_PT + " apt=" + RN_H264_PT);
    line(sb, "a=ssrc-group:FID " + t.videoSsrc() + " " + t.rtxSsrc());
    line(sb, "a=ssrc:" + t.videoSsrc() + " msid:" + t.cname() + " webrtctransceiver0");
    line(sb, "a=ssrc:" + t.videoSsrc() + " cname:" + t.cname());
    line(sb, "a=ssrc:" + t.rtxSsrc() + " msid:" + t.cname() + " webrtctransceiver0");
    line(sb, "a=ssrc:" + t.rtxSsrc() + " cname:" + t.cname());
    line(sb, "a=mid:video0");
    line(sb, "a=fingerprint:" + t.fingerprint());
    line(sb, "m=audio 0 UDP/TLS/RTP/SAVPF " + RN_OPUS_PT + " 98");
    line(sb, "c=IN IP4 0.0.0.0");
    line(sb, "a=bundle-only");
    rnTransport(sb, t);
    line(sb, "a=sendonly");
    line(sb, "a=rtpmap:" + RN_OPUS_PT + " OPUS/48000/2");
    line(sb, "a=rtcp-fb:" + RN_OPUS_PT + " transport-cc");
    line(sb, "a=fmtp:" + RN_OPUS_PT + " sprop-maxcapturerate=48000;sprop-stereo=0");
    line(sb, "a=rtpmap:98 rtx/48000");
    line(sb, "a=fmtp:98 apt=" + RN_OPUS_PT);
    line(sb, "a=ssrc:" + t.audioSsrc() + " msid:" + t.cname() + " webrtctransceiver1");
    line(sb, "a=ssrc:" + t.audioSsrc() + " cname:" + t.cname());
    line(sb, "a=mid:audio1");
    line(sb, "a=fingerprint:" + t.fingerprint());
    line(sb, "m=application 0 UDP/DTLS/SCTP webrtc-datachannel");
    line(sb, "c=IN IP4 0.0.0.0");
    line(sb, "a=bundle-only");
    line(sb, "a=setup:" + t.setup());
    line(sb, "a=ice-ufrag:" + t.ufrag());
    line(sb, "a=ice-pwd:" + t.pwd());
    line(sb, "a=mid:application2");
    line(sb, "a=sctp-port:5000");
    line(sb, "a=fingerprint:" + t.fingerprint());
    return sb.toString();
  }

  private static StringBuilder header(long sessionId, int version) {
    StringBuilder sb = new StringBuilder();
    line(sb, "v=0");
    line(sb, "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
    line(sb, "s=-");
    line(sb, "t=0 0");
    return sb;
  }

  private static void dataChannel(StringBuilder sb, Transport t) {
    line(sb, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
    line(sb, "c=IN IP4 0.0.0.0");
    transport(sb, t);
    line(sb, "a=mid:0");
    line(sb, "a=sctp-port:5000");
    line(sb, "a=max-message-size:262144");
  }

  private static void transport(StringBuilder sb, Transport t) {
    line(sb, "a=ice-ufrag:" + t.ufrag());
    line(sb, "a=ice-pwd:" + t.pwd());
    line(sb, "a=ice-options:trickle");
    line(sb, "a=fingerprint:" + t.fingerprint());
    line(sb, "a=setup:" + t.setup());
  }

  private static void rnTransport(StringBuilder sb, Transport t) {
    line(sb, "a=setup:" + t.setup());
    line(sb, "a=ice-ufrag:" + t.ufrag());
    line(sb, "a=ice-pwd:" + t.pwd());
    line(sb, "a=rtcp-mux");
    line(sb, "a=rtcp-mux-only");
    line(sb, "a=rtcp-rsize");
  }

  private static void line(StringBuilder sb, String s) {
    sb.append(s).append("\r\n");
  }
}
