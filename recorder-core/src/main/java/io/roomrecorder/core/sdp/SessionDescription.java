package io.roomrecorder.core.sdp;

import io.roomrecorder.core.dtls.Fingerprint;
import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP offer (RFC 8866). Session-level transport attributes are kept here as written;
 * {@link MediaDescription} carries the effective (media-or-session) values. Immutable.
 *
 * @param originSessionId {@code o=} sess-id
 * @param originSessionVersion {@code o=} sess-version
 * @param bundleGroups the mids of each {@code a=group:BUNDLE} line (RFC 8843 §7.1)
 * @param extmapAllowMixed {@code a=extmap-allow-mixed} at session level (RFC 8285 §6)
 */
public record SessionDescription(
    String originSessionId,
    String originSessionVersion,
    List<List<String>> bundleGroups,
    String iceUfrag,
    String icePwd,
    List<String> iceOptions,
    List<Fingerprint> fingerprints,
    Setup setup,
    boolean extmapAllowMixed,
    List<MediaDescription> media) {

  public SessionDescription {
    bundleGroups = bundleGroups.stream().map(List::copyOf).toList();
    iceOptions = List.copyOf(iceOptions);
    fingerprints = List.copyOf(fingerprints);
    media = List.copyOf(media);
  }

  /** The BUNDLE group that contains {@code mid}, if any. */
  public Optional<List<String>> bundleGroupOf(String mid) {
    for (List<String> g : bundleGroups) {
      if (g.contains(mid)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** The media section with this mid. */
  public Optional<MediaDescription> mediaByMid(String mid) {
    for (MediaDescription m : media) {
      if (mid.equals(m.mid())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** All candidates of all media sections, in order. */
  public List<Candidate> candidates() {
    return media.stream().flatMap(m -> m.candidates().stream()).toList();
  }
}
