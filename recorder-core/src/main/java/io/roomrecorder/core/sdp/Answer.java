package io.roomrecorder.core.sdp;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.Fingerprint;
import java.util.List;
import java.util.Optional;

/**
 * The answer text and the decisions behind it. Immutable.
 *
 * @param sdp the answer, CRLF line ends
 * @param dtlsRole our DTLS role ({@code a=setup:active} → client)
 * @param remoteIceUfrag the offer's ICE username fragment (of the BUNDLE transport)
 * @param remoteIcePwd the offer's ICE password
 * @param remoteFingerprints the offer's fingerprints for the BUNDLE transport
 * @param remoteCandidates candidates found in the offer
 * @param media one entry per m-line, in offer order
 * @param bundleMids the mids in our BUNDLE group
 * @param renegotiation whether an earlier answer exists on this transport
 */
public record Answer(
    String sdp,
    DtlsRole dtlsRole,
    String remoteIceUfrag,
    String remoteIcePwd,
    List<Fingerprint> remoteFingerprints,
    List<Candidate> remoteCandidates,
    List<MediaAnswer> media,
    List<String> bundleMids,
    boolean renegotiation) {

  public Answer {
    remoteFingerprints = List.copyOf(remoteFingerprints);
    remoteCandidates = List.copyOf(remoteCandidates);
    media = List.copyOf(media);
    bundleMids = List.copyOf(bundleMids);
  }

  /** The accepted m-line of this kind ({@code video}, {@code audio}), first one if several. */
  public Optional<MediaAnswer> accepted(String kind) {
    return media.stream().filter(m -> m.accepted() && m.media().equals(kind)).findFirst();
  }

  /** The accepted data channel m-line, if any. */
  public Optional<MediaAnswer> dataChannel() {
    return media.stream().filter(MediaAnswer::isDataChannel).findFirst();
  }
}
