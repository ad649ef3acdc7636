package io.roomrecorder.core.sdp;

import io.roomrecorder.core.dtls.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media section ({@code m=} line and its attributes) of a parsed offer. Transport attributes
 * ({@code ice-ufrag}, {@code ice-pwd}, {@code fingerprint}, {@code setup}, {@code ice-options}) are
 * <em>effective</em> values: the media-level attribute if present, else the session-level one (RFC
 * 8839 §5.4, RFC 8122 §5, RFC 8842 §5.1). Immutable.
 *
 * @param index 0-based position of the m-line in the offer (the answer keeps this order)
 * @param media {@code audio}, {@code video}, {@code application} …, lower case
 * @param port the m-line port; 0 with {@code bundleOnly} is not a rejection (RFC 8843 §7.2)
 * @param proto {@code UDP/TLS/RTP/SAVPF}, {@code UDP/DTLS/SCTP} …
 * @param formats the m-line's format list as written (payload types for RTP)
 * @param mid {@code a=mid} (RFC 8843 §9.1), or {@code null}
 * @param direction direction attribute, {@link Direction#SENDRECV} when absent (RFC 8866 §6.7)
 * @param payloads RTP payload formats in m-line order (empty for non-RTP protocols)
 * @param sctpPort {@code a=sctp-port} (RFC 8841 §5), or -1
 * @param maxMessageSize {@code a=max-message-size} (RFC 8841 §6), or -1 when absent (then 64 KiB
 *     applies); 0 means no limit
 */
public record MediaDescription(
    int index,
    String media,
    int port,
    String proto,
    List<String> formats,
    String mid,
    Direction direction,
    boolean bundleOnly,
    boolean rtcpMux,
    boolean rtcpMuxOnly,
    boolean rtcpRsize,
    List<PayloadFormat> payloads,
    List<Extmap> extmaps,
    List<SsrcAttribute> ssrcAttributes,
    List<SsrcGroup> ssrcGroups,
    List<Candidate> candidates,
    boolean endOfCandidates,
    String iceUfrag,
    String icePwd,
    List<String> iceOptions,
    List<Fingerprint> fingerprints,
    Setup setup,
    int sctpPort,
    long maxMessageSize) {

  public MediaDescription {
    formats = List.copyOf(formats);
    payloads = List.copyOf(payloads);
    extmaps = List.copyOf(extmaps);
    ssrcAttributes = List.copyOf(ssrcAttributes);
    ssrcGroups = List.copyOf(ssrcGroups);
    candidates = List.copyOf(candidates);
    iceOptions = List.copyOf(iceOptions);
    fingerprints = List.copyOf(fingerprints);
  }

  /** Whether the protocol carries RTP ({@code RTP/AVP}, {@code UDP/TLS/RTP/SAVPF} …). */
  public boolean isRtp() {
    return proto.contains("RTP/");
  }

  /**
   * Whether this is a WebRTC data channel section: {@code m=application … UDP/DTLS/SCTP
   * webrtc-datachannel} or its TCP variant (RFC 8841 §4). The legacy {@code DTLS/SCTP 5000} form is
   * not.
   */
  public boolean isDataChannel() {
    return media.equals("application")
        && (proto.equals("UDP/DTLS/SCTP") || proto.equals("TCP/DTLS/SCTP"))
        && formats.contains("webrtc-datachannel");
  }

  /** The payload format with this payload type. */
  public Optional<PayloadFormat> payload(int payloadType) {
    for (PayloadFormat p : payloads) {
      if (p.payloadType() == payloadType) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Distinct SSRCs named by {@code a=ssrc} or {@code a=ssrc-group} lines, in order of appearance.
   */
  public List<Long> ssrcs() {
    List<Long> out = new ArrayList<>();
    for (SsrcAttribute a : ssrcAttributes) {
      if (!out.contains(a.ssrc())) {
        out.add(a.ssrc());
      }
    }
    for (SsrcGroup g : ssrcGroups) {
      for (Long s : g.ssrcs()) {
        if (!out.contains(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** The RTX SSRC paired with {@code mediaSsrc} by an {@code a=ssrc-group:FID} line. */
  public Optional<Long> rtxSsrcFor(long mediaSsrc) {
    for (SsrcGroup g : ssrcGroups) {
      if (g.semantics().equals("FID") && g.ssrcs().size() >= 2 && g.ssrcs().get(0) == mediaSsrc) {
        return Optional.of(g.ssrcs().get(1));
      }
    }
    return Optional.empty();
  }

  /** The extension id the offer gives {@code uri}, if any. */
  public Optional<Extmap> extmap(String uri) {
    for (Extmap e : extmaps) {
      if (e.uri().equals(uri)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
