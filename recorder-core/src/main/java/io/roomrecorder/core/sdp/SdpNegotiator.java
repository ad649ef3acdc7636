package io.roomrecorder.core.sdp;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds receive-only answers (RFC 3264, JSEP RFC 8829 §5.3) for the offers of one peer, all on one
 * ICE/DTLS transport: the first offer sets it up; later offers on the same transport (VDO.Ninja
 * sends its media offer over the data channel after a data-channel-only offer) keep our ICE
 * credentials, fingerprint and DTLS role and may add m-lines (RFC 8829 §5.8). The answer lists the
 * m-lines in the offer's order.
 *
 * <p>Per m-line: video gets H.264 (or VP8) plus its RTX, audio Opus plus its RTX, one data channel
 * m-line is kept with its sctp-port; anything else is rejected with port 0 and its mid kept (RFC
 * 8843 §7.3.3). RTCP feedback offered from {nack, nack pli, ccm fir, goog-remb} is accepted, and
 * {@code transport-cc} only with {@link AnswerOptions#transportCc()}; header extensions
 * abs-send-time and sdes:mid (and transport-wide-cc with the option) are accepted with the offer's
 * ids.
 *
 * <p>Not thread-safe: owned by the peer session's thread.
 */
public final class SdpNegotiator {

  private static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb");

  private final LocalTransport local;
  private final AnswerOptions options;
  private long version = 1;
  private DtlsRole role;
  private String remoteUfrag;
  private List<Fingerprint> remoteFingerprints;
  private List<String> previousMids = List.of();

  public SdpNegotiator(LocalTransport local, AnswerOptions options) {
    this.local = Objects.requireNonNull(local, "local");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Our DTLS role once the first answer was built, else {@code null}. */
  public DtlsRole dtlsRole() {
    return role;
  }

  /**
   * Answers {@code offer}. On success the negotiator remembers the transport for later offers.
   *
   * @throws SdpNegotiationException when the offer lacks ICE credentials or a fingerprint, uses
   *     {@code holdconn}, or (as a later offer) restarts ICE, changes the certificate or DTLS role,
   *     or drops or reorders m-lines
   */
  public Answer answer(SessionDescription offer) throws SdpNegotiationException {
    List<MediaDescription> media = offer.media();
    List<String> bundle = offer.bundleGroups().isEmpty() ? null : offer.bundleGroups().get(0);

    // Decide per m-line first; the transport attributes come from the first accepted one (the
    // BUNDLE-tagged section, RFC 8843 §7.2.1).
    List<MediaAnswer> decisions = new ArrayList<>(media.size());
    boolean haveDataChannel = false;
    MediaDescription transportSection = null;
    for (MediaDescription m : media) {
      MediaAnswer d = decide(m, bundle, transportSection, haveDataChannel);
      decisions.add(d);
      if (d.accepted()) {
        haveDataChannel |= d.isDataChannel();
        if (transportSection == null) {
          transportSection = m;
        }
      }
    }
    if (transportSection == null && media.isEmpty()) {
      throw new SdpNegotiationException("offer has no m-lines");
    }
    MediaDescription t = transportSection != null ? transportSection : media.get(0);
    if (t.iceUfrag() == null || t.icePwd() == null) {
      throw new SdpNegotiationException("offer has no a=ice-ufrag / a=ice-pwd");
    }
    if (t.fingerprints().isEmpty()) {
      throw new SdpNegotiationException("offer has no a=fingerprint (RFC 8842 §5 requires one)");
    }
    DtlsRole newRole = roleFor(t.setup());
    boolean renegotiation = role != null;
    if (renegotiation) {
      checkSameTransport(offer, t, newRole);
      newRole = role;
    }

    List<String> bundleMids = new ArrayList<>();
    for (MediaAnswer d : decisions) {
      if (d.accepted() && d.mid() != null) {
        bundleMids.add(d.mid());
      }
    }
    String sdp = write(offer, decisions, bundleMids, newRole);

    role = newRole;
    remoteUfrag = t.iceUfrag();
    remoteFingerprints = t.fingerprints();
    List<String> mids = new ArrayList<>();
    for (MediaDescription m : media) {
      mids.add(m.mid());
    }
    previousMids = mids;
    return new Answer(
        sdp,
        newRole,
        t.iceUfrag(),
        t.icePwd(),
        t.fingerprints(),
        offer.candidates(),
        decisions,
        bundleMids,
        renegotiation);
  }

  /** RFC 8842 §5.1/§5.2: answer actpass with active; the opposite of active/passive. */
  static DtlsRole roleFor(Setup offered) throws SdpNegotiationException {
    if (offered == null) {
      // RFC 4145 §4: an absent setup attribute means active, so we are the DTLS server.
      return DtlsRole.SERVER;
    }
    return switch (offered) {
      case ACTPASS, PASSIVE -> DtlsRole.CLIENT;
      case ACTIVE -> DtlsRole.SERVER;
      case HOLDCONN -> throw new SdpNegotiationException("a=setup:holdconn is not supported");
    };
  }

  private void checkSameTransport(
      SessionDescription offer, MediaDescription t, DtlsRole offeredRole)
      throws SdpNegotiationException {
    if (!t.iceUfrag().equals(remoteUfrag)) {
      throw new SdpNegotiationException("ICE restart (new ice-ufrag) is not supported");
    }
    if (!t.fingerprints().equals(remoteFingerprints)) {
      throw new SdpNegotiationException(
          "new DTLS fingerprint in a later offer: a new DTLS association is not supported");
    }
    // RFC 8842 §5.5: actpass keeps the existing role; an explicit opposite role asks for a new
    // association.
    if (t.setup() != null && t.setup() != Setup.ACTPASS && offeredRole != role) {
      throw new SdpNegotiationException("DTLS role change in a later offer is not supported");
    }
    List<MediaDescription> media = offer.media();
    if (media.size() < previousMids.size()) {
      throw new SdpNegotiationException(
          "later offer has " + media.size() + " m-lines, fewer than " + previousMids.size());
    }
    for (int i = 0; i < previousMids.size(); i++) {
      if (!Objects.equals(previousMids.get(i), media.get(i).mid())) {
        throw new SdpNegotiationException("m-line " + i + " changed its mid (RFC 8829 §5.8)");
      }
    }
  }

  private MediaAnswer decide(
      MediaDescription m, List<String> bundle, MediaDescription tagged, boolean haveDataChannel) {
    if (m.port() == 0 && !m.bundleOnly()) {
      return rejected(m, "disabled by the offerer (port 0)");
    }
    if (bundle != null && (m.mid() == null || !bundle.contains(m.mid()))) {
      return rejected(m, "not in the BUNDLE group");
    }
    if (bundle == null && tagged != null) {
      return rejected(m, "no BUNDLE: only one transport is supported");
    }
    if (m.isDataChannel()) {
      if (haveDataChannel) {
        return rejected(m, "a second data channel m-line");
      }
      int sctpPort = m.sctpPort() >= 0 ? m.sctpPort() : 5000; // RFC 8841 §5.1 default
      long maxMessage = m.maxMessageSize() >= 0 ? m.maxMessageSize() : 65536; // RFC 8841 §6.1
      return new MediaAnswer(
          m.index(),
          m.mid(),
          m.media(),
          true,
          "",
          Direction.SENDRECV,
          null,
          null,
          List.of(),
          List.of(),
          List.of(),
          sctpPort,
          maxMessage);
    }
    if (!m.isRtp() || !m.proto().contains("SAVP") || !m.proto().contains("TLS")) {
      return rejected(m, "protocol " + m.proto() + " is not DTLS-SRTP or SCTP data channel");
    }
    if (!m.rtcpMux()) {
      return rejected(m, "no rtcp-mux (RFC 8858): separate RTCP ports are not supported");
    }
    PayloadFormat codec;
    switch (m.media()) {
      case "video" -> {
        codec = CodecChoice.video(m, options.acceptVp8()).orElse(null);
        if (codec == null) {
          return rejected(
              m,
              "no H.264 packetization-mode=1"
                  + (options.acceptVp8() ? " or VP8" : "")
                  + " (offered: "
                  + m.payloads().stream()
                      .map(PayloadFormat::encodingName)
                      .distinct()
                      .collect(java.util.stream.Collectors.joining(", "))
                  + ")");
        }
      }
      case "audio" -> {
        codec = CodecChoice.audio(m).orElse(null);
        if (codec == null) {
          return rejected(m, "no Opus");
        }
      }
      default -> {
        return rejected(m, "media " + m.media() + " is not recorded");
      }
    }
    PayloadFormat rtx = CodecChoice.rtxFor(m, codec).orElse(null);
    List<Extmap> ext = new ArrayList<>();
    for (Extmap e : m.extmaps()) {
      if (acceptsExtension(e.uri()) && e.id() <= 14) {
        ext.add(e);
      }
    }
    Direction dir = m.direction().sends() ? Direction.RECVONLY : Direction.INACTIVE;
    return new MediaAnswer(
        m.index(),
        m.mid(),
        m.media(),
        true,
        "",
        dir,
        codec,
        rtx,
        ext,
        m.ssrcs(),
        m.ssrcGroups(),
        -1,
        -1);
  }

  private boolean acceptsExtension(String uri) {
    return uri.equals(Extmap.ABS_SEND_TIME)
        || uri.equals(Extmap.SDES_MID)
        || (options.transportCc() && uri.equals(Extmap.TRANSPORT_WIDE_CC));
  }

  private boolean acceptsFeedback(String fb) {
    return FEEDBACK.contains(fb) || (options.transportCc() && fb.equals("transport-cc"));
  }

  private static MediaAnswer rejected(MediaDescription m, String reason) {
    return new MediaAnswer(
        m.index(),
        m.mid(),
        m.media(),
        false,
        reason,
        Direction.INACTIVE,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        -1,
        -1);
  }

  private String write(
      SessionDescription offer, List<MediaAnswer> decisions, List<String> bundleMids, DtlsRole r) {
    StringBuilder sb = new StringBuilder(2048);
    line(sb, "v=0");
    line(sb, "o=- " + options.sessionId() + " " + (++version) + " IN IP4 127.0.0.1");
    line(sb, "s=-");
    line(sb, "t=0 0");
    if (!bundleMids.isEmpty()) {
      line(sb, "a=group:BUNDLE " + String.join(" ", bundleMids));
    }
    if (offer.extmapAllowMixed()) {
      line(sb, "a=extmap-allow-mixed");
    }
    boolean candidatesWritten = false;
    for (int i = 0; i < decisions.size(); i++) {
      MediaAnswer d = decisions.get(i);
      MediaDescription m = offer.media().get(i);
      if (!d.accepted()) {
        line(sb, "m=" + m.media() + " 0 " + m.proto() + " " + m.formats().get(0));
        line(sb, "c=IN IP4 0.0.0.0");
        if (m.mid() != null) {
          line(sb, "a=mid:" + m.mid());
        }
        if (m.isRtp()) {
          line(sb, "a=inactive");
        }
        continue;
      }
      if (d.isDataChannel()) {
        line(sb, "m=application 9 " + m.proto() + " webrtc-datachannel");
      } else {
        StringBuilder fmts = new StringBuilder().append(d.codec().payloadType());
        if (d.rtx() != null) {
          fmts.append(' ').append(d.rtx().payloadType());
        }
        line(sb, "m=" + m.media() + " 9 " + m.proto() + " " + fmts);
      }
      line(sb, "c=IN IP4 0.0.0.0");
      if (!d.isDataChannel()) {
        line(sb, "a=rtcp:9 IN IP4 0.0.0.0");
      }
      line(sb, "a=ice-ufrag:" + local.iceUfrag());
      line(sb, "a=ice-pwd:" + local.icePwd());
      line(sb, "a=ice-options:trickle");
      line(sb, "a=fingerprint:" + local.fingerprint().toSdpValue());
      line(sb, "a=setup:" + (r == DtlsRole.CLIENT ? "active" : "passive"));
      if (m.mid() != null) {
        line(sb, "a=mid:" + m.mid());
      }
      if (d.isDataChannel()) {
        line(sb, "a=sctp-port:" + d.sctpPort());
        line(sb, "a=max-message-size:" + options.maxMessageSize());
      } else {
        writeRtp(sb, m, d);
      }
      if (!candidatesWritten) {
        candidatesWritten = true;
        for (Candidate c : local.candidates()) {
          line(sb, "a=" + c.toSdpValue());
        }
        if (local.endOfCandidates()) {
          line(sb, "a=end-of-candidates");
        }
      }
    }
    return sb.toString();
  }

  private void writeRtp(StringBuilder sb, MediaDescription m, MediaAnswer d) {
    for (Extmap e : d.extmaps()) {
      line(sb, "a=extmap:" + e.id() + " " + e.uri());
    }
    line(sb, "a=" + d.direction().attribute());
    line(sb, "a=rtcp-mux");
    if (m.rtcpRsize()) {
      line(sb, "a=rtcp-rsize");
    }
    PayloadFormat c = d.codec();
    line(
        sb,
        "a=rtpmap:"
            + c.payloadType()
            + " "
            + c.encodingName()
            + "/"
            + c.clockRate()
            + (c.channels() > 1 ? "/" + c.channels() : ""));
    for (String fb : c.rtcpFeedback()) {
      if (acceptsFeedback(fb)) {
        line(sb, "a=rtcp-fb:" + c.payloadType() + " " + fb);
      }
    }
    String fmtp = answerFmtp(c);
    if (!fmtp.isEmpty()) {
      line(sb, "a=fmtp:" + c.payloadType() + " " + fmtp);
    }
    PayloadFormat rtx = d.rtx();
    if (rtx != null) {
      line(sb, "a=rtpmap:" + rtx.payloadType() + " " + rtx.encodingName() + "/" + rtx.clockRate());
      line(sb, "a=fmtp:" + rtx.payloadType() + " apt=" + c.payloadType());
    }
  }

  /**
   * The offer's fmtp for the chosen codec without {@code sprop-*} parameters: those describe the
   * offerer's own stream (RFC 6184 §8.2.2) and a receive-only answerer sends none.
   */
  static String answerFmtp(PayloadFormat c) {
    StringBuilder out = new StringBuilder();
    for (String part : c.fmtp().split(";")) {
      String p = part.trim();
      if (p.isEmpty() || p.toLowerCase(java.util.Locale.ROOT).startsWith("sprop-")) {
        continue;
      }
      if (out.length() > 0) {
        out.append(';');
      }
      out.append(p);
    }
    return out.toString();
  }

  private static void line(StringBuilder sb, String s) {
    sb.append(s).append("\r\n");
  }
}
