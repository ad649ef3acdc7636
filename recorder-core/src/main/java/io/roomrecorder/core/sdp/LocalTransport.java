package io.roomrecorder.core.sdp;

import io.roomrecorder.core.dtls.Fingerprint;
import java.util.List;
import java.util.Objects;

/**
 * Our side of the transport as it goes into every answer: ICE credentials (RFC 8839 §5.4), the
 * fingerprint of our DTLS certificate, and candidates gathered so far (may be empty when they are
 * trickled). Immutable.
 *
 * @param endOfCandidates write {@code a=end-of-candidates} (RFC 8840 §8.2) after the candidates
 */
public record LocalTransport(
    String iceUfrag,
    String icePwd,
    Fingerprint fingerprint,
    List<Candidate> candidates,
    boolean endOfCandidates) {

  public LocalTransport {
    Objects.requireNonNull(iceUfrag, "iceUfrag");
    Objects.requireNonNull(icePwd, "icePwd");
    Objects.requireNonNull(fingerprint, "fingerprint");
    candidates = List.copyOf(candidates);
    if (iceUfrag.length() < 4 || icePwd.length() < 22) {
      throw new IllegalArgumentException("RFC 8839 §5.4: ufrag >= 4 and pwd >= 22 characters");
    }
  }

  /** Credentials and fingerprint only; candidates are trickled. */
  public LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint) {
    this(iceUfrag, icePwd, fingerprint, List.of(), false);
  }
}
