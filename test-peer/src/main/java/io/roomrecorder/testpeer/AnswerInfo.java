package io.roomrecorder.testpeer;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.Fingerprint;
import io.roomrecorder.core.sdp.Candidate;
import io.roomrecorder.core.sdp.Extmap;
import io.roomrecorder.core.sdp.MediaDescription;
import io.roomrecorder.core.sdp.PayloadFormat;
import io.roomrecorder.core.sdp.SdpParseException;
import io.roomrecorder.core.sdp.SdpParser;
import io.roomrecorder.core.sdp.SessionDescription;
import io.roomrecorder.core.sdp.Setup;
import java.util.List;

/**
 * What the publisher needs from the recorder's answer (RFC 3264 §6): the peer's ICE credentials,
 * fingerprints and candidates, our DTLS role, and which payload types and header extension ids the
 * accepted m-lines kept. Immutable.
 *
 * @param ourDtlsRole {@code a=setup:active} in the answer makes us the DTLS server (RFC 5763 §5)
 * @param videoPt the accepted H.264 or VP8 payload type, or -1 when video was rejected or absent
 * @param videoCodec the encoding name of {@code videoPt} ({@code H264} or {@code VP8}), or null
 * @param rtxPt the accepted RTX payload type for video, or -1
 * @param audioPt the accepted Opus payload type, or -1
 * @param midExtensionId the {@code sdes:mid} id the answer accepted, or 0
 * @param videoMid, audioMid the mids for the MID extension
 */
public record AnswerInfo(
    String iceUfrag,
    String icePwd,
    List<Fingerprint> fingerprints,
    List<String> candidates,
    DtlsRole ourDtlsRole,
    int videoPt,
    String videoCodec,
    int rtxPt,
    int audioPt,
    int midExtensionId,
    String videoMid,
    String audioMid,
    boolean dataChannel) {

  /**
   * Reads an answer.
   *
   * @throws SdpParseException when it is not SDP, or lacks credentials, fingerprint or setup
   */
  public static AnswerInfo parse(String sdp) throws SdpParseException {
    SessionDescription d = SdpParser.parse(sdp);
    String ufrag = null;
    String pwd = null;
    List<Fingerprint> fingerprints = List.of();
    Setup setup = null;
    int videoPt = -1;
    String videoCodec = null;
    int rtxPt = -1;
    int audioPt = -1;
    int mid = 0;
    String videoMid = null;
    String audioMid = null;
    boolean dc = false;
    List<String> candidates = new java.util.ArrayList<>();
    for (MediaDescription m : d.media()) {
      m.candidates().stream().map(Candidate::toSdpValue).forEach(candidates::add);
      boolean accepted = m.port() != 0 || m.bundleOnly();
      if (!accepted) {
        continue;
      }
      if (ufrag == null) {
        ufrag = m.iceUfrag();
        pwd = m.icePwd();
        fingerprints = m.fingerprints();
        setup = m.setup();
      }
      if (m.isDataChannel()) {
        dc = true;
      } else if (m.media().equals("video") && !m.payloads().isEmpty()) {
        for (PayloadFormat p : m.payloads()) {
          if ((p.is("H264") || p.is("VP8")) && videoPt < 0) {
            videoPt = p.payloadType();
            videoCodec = p.is("VP8") ? "VP8" : "H264";
          }
        }
        for (PayloadFormat p : m.payloads()) {
          if (p.is("rtx") && p.fmtpParameters().getOrDefault("apt", "").equals("" + videoPt)) {
            rtxPt = p.payloadType();
          }
        }
        videoMid = m.mid();
        mid = m.extmap(Extmap.SDES_MID).map(Extmap::id).orElse(mid);
      } else if (m.media().equals("audio")) {
        for (PayloadFormat p : m.payloads()) {
          if (p.is("opus") && audioPt < 0) {
            audioPt = p.payloadType();
          }
        }
        audioMid = m.mid();
        mid = m.extmap(Extmap.SDES_MID).map(Extmap::id).orElse(mid);
      }
    }
    if (ufrag == null || pwd == null || fingerprints.isEmpty() || setup == null) {
      throw new SdpParseException(0, "answer lacks ICE credentials, fingerprint or setup");
    }
    DtlsRole role =
        switch (setup) {
          case ACTIVE -> DtlsRole.SERVER;
          case PASSIVE -> DtlsRole.CLIENT;
          default -> throw new SdpParseException(0, "answer has a=setup:" + setup);
        };
    return new AnswerInfo(
        ufrag,
        pwd,
        fingerprints,
        List.copyOf(candidates),
        role,
        videoPt,
        videoCodec,
        rtxPt,
        audioPt,
        mid,
        videoMid,
        audioMid,
        dc);
  }
}
