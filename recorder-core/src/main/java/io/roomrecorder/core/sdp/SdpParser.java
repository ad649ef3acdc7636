package io.roomrecorder.core.sdp;

import io.roomrecorder.core.dtls.Fingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses SDP offers (RFC 8866 §5) as browsers and GStreamer's webrtcbin write them.
 *
 * <pre>
 * v=0
 * o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; IN IP4 &lt;address&gt;
 * s=… t=… a=&lt;session attributes&gt;
 * m=&lt;media&gt; &lt;port&gt; &lt;proto&gt; &lt;fmt&gt; …     (one per media section)
 * c=… a=&lt;media attributes&gt;
 * </pre>
 *
 * <p>Strict where a wrong value would mislead the receiver (numbers, SSRCs, payload types, mids,
 * fingerprints, candidates) and lenient where RFC 8866 §5 tells us to ignore what we don't know
 * (unknown line types and attributes). Every size is checked against {@link SdpLimits} before it is
 * allocated. The only exception that leaves {@link #parse} is {@link SdpParseException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SdpParser {

  static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");
  private static final int MAX_TOKEN = 64;
  private static final int MAX_MID = 32;

  private SdpParser() {}

  /** Parses with {@link SdpLimits#DEFAULT}. */
  public static SessionDescription parse(String sdp) throws SdpParseException {
    return parse(sdp, SdpLimits.DEFAULT);
  }

  /**
   * Parses an SDP offer.
   *
   * @throws SdpParseException naming the line and the reason when the text is malformed, exceeds
   *     {@code limits} or lacks {@code v=0}
   */
  public static SessionDescription parse(String sdp, SdpLimits limits) throws SdpParseException {
    if (sdp == null) {
      throw new SdpParseException(0, "no SDP");
    }
    if (sdp.length() > limits.maxBytes()) {
      throw new SdpParseException(
          0, "SDP of " + sdp.length() + " characters exceeds the limit of " + limits.maxBytes());
    }
    try {
      return new Parse(limits).run(sdp);
    } catch (SdpParseException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug in a branch above must not escape as an unchecked exception into a session thread.
      throw new SdpParseException(0, "internal parser error: " + e);
    }
  }

  static long parseUnsigned(String s, long max, int line, String what) throws SdpParseException {
    if (s.isEmpty() || s.length() > 10) {
      throw new SdpParseException(line, what + " is not a number: " + clip(s));
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new SdpParseException(line, what + " is not a number: " + clip(s));
      }
      v = v * 10 + (c - '0');
    }
    if (v > max) {
      throw new SdpParseException(line, what + " " + v + " exceeds " + max);
    }
    return v;
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  /** One parse run: all mutable state lives here. */
  private static final class Parse {
    private final SdpLimits limits;
    private int lineNo;

    private String originId = "";
    private String originVersion = "";
    private final List<List<String>> bundleGroups = new ArrayList<>();
    private String iceUfrag;
    private String icePwd;
    private List<String> iceOptions = List.of();
    private final List<Fingerprint> fingerprints = new ArrayList<>();
    private Setup setup;
    private boolean extmapAllowMixed;
    private final List<Extmap> sessionExtmaps = new ArrayList<>();
    private final List<Media> media = new ArrayList<>();
    private final Set<String> mids = new HashSet<>();
    private int candidateCount;

    Parse(SdpLimits limits) {
      this.limits = limits;
    }

    SessionDescription run(String sdp) throws SdpParseException {
      int pos = 0;
      int n = sdp.length();
      boolean sawVersion = false;
      while (pos < n) {
        int end = sdp.indexOf('\n', pos);
        if (end < 0) {
          end = n;
        }
        int lineEnd = end > pos && sdp.charAt(end - 1) == '\r' ? end - 1 : end;
        lineNo++;
        if (lineNo > limits.maxLines()) {
          throw new SdpParseException(lineNo, "more than " + limits.maxLines() + " lines");
        }
        if (lineEnd - pos > limits.maxLineLength()) {
          throw new SdpParseException(
              lineNo,
              "line of " + (lineEnd - pos) + " characters exceeds " + limits.maxLineLength());
        }
        String line = sdp.substring(pos, lineEnd);
        pos = end + 1;
        if (line.isEmpty()) {
          continue; // tolerate blank lines, e.g. a trailing CRLF
        }
        if (line.length() < 2 || line.charAt(1) != '=') {
          throw new SdpParseException(lineNo, "not '<type>=<value>': " + clip(line));
        }
        char type = line.charAt(0);
        String value = line.substring(2);
        if (!sawVersion) {
          if (type != 'v' || !value.equals("0")) {
            throw new SdpParseException(lineNo, "an SDP starts with v=0");
          }
          sawVersion = true;
          continue;
        }
        switch (type) {
          case 'o' -> origin(value);
          case 'm' -> mediaLine(value);
          case 'a' -> attribute(value);
          default -> {
            // s=, t=, c=, b=, i=, e=, p=, z=, r=, k= and unknown types: nothing a receive-only
            // peer needs (RFC 8866 §5: unknown types may be ignored).
          }
        }
      }
      if (!sawVersion) {
        throw new SdpParseException(0, "empty SDP");
      }
      return build();
    }

    private void origin(String value) throws SdpParseException {
      if (!media.isEmpty()) {
        throw new SdpParseException(lineNo, "o= after the first m=");
      }
      String[] f = value.split(" ");
      if (f.length < 6) {
        throw new SdpParseException(lineNo, "o= needs 6 fields");
      }
      originId = token(f[1], "o= sess-id");
      originVersion = token(f[2], "o= sess-version");
    }

    private void mediaLine(String value) throws SdpParseException {
      if (media.size() >= limits.maxMediaSections()) {
        throw new SdpParseException(lineNo, "more than " + limits.maxMediaSections() + " m-lines");
      }
      String[] f = value.split(" ");
      if (f.length < 4) {
        throw new SdpParseException(lineNo, "m= needs <media> <port> <proto> <fmt>");
      }
      if (f.length - 3 > limits.maxFormatsPerMedia()) {
        throw new SdpParseException(
            lineNo, "more than " + limits.maxFormatsPerMedia() + " formats on one m-line");
      }
      String kind = token(f[0], "media").toLowerCase(Locale.ROOT);
      String portText = f[1];
      int slash = portText.indexOf('/');
      if (slash >= 0) {
        portText = portText.substring(0, slash); // <port>/<number of ports>
      }
      int port = (int) parseUnsigned(portText, 65535, lineNo, "m= port");
      String proto = token(f[2], "proto");
      Media m = new Media(media.size(), kind, port, proto);
      boolean rtp = proto.contains("RTP/");
      Set<Integer> seen = new HashSet<>();
      for (int i = 3; i < f.length; i++) {
        String fmt = token(f[i], "format");
        if (rtp) {
          int pt = (int) parseUnsigned(fmt, 127, lineNo, "payload type");
          if (!seen.add(pt)) {
            throw new SdpParseException(lineNo, "payload type " + pt + " listed twice");
          }
          m.payloadTypes.add(pt);
        }
        m.formats.add(fmt);
      }
      media.add(m);
    }

    private void attribute(String value) throws SdpParseException {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      String arg = colon < 0 ? "" : value.substring(colon + 1);
      Media m = media.isEmpty() ? null : media.get(media.size() - 1);
      switch (name) {
        case "group" -> group(arg);
        case "ice-ufrag" -> {
          String v = iceChars(arg, 4, 256, "ice-ufrag");
          if (m == null) iceUfrag = v;
          else m.iceUfrag = v;
        }
        case "ice-pwd" -> {
          String v = iceChars(arg, 22, 256, "ice-pwd");
          if (m == null) icePwd = v;
          else m.icePwd = v;
        }
        case "ice-options" -> {
          List<String> v = List.of(SPACES.split(arg.trim()));
          if (m == null) iceOptions = v;
          else m.iceOptions = v;
        }
        case "fingerprint" -> {
          String hash = arg.trim().split(" ", 2)[0];
          if (!Fingerprint.isSupportedAlgorithm(hash)) {
            return; // RFC 8122 §5: other hashes may accompany one we know; md5/md2 are not used
          }
          Fingerprint fp;
          try {
            fp = Fingerprint.parse(arg);
          } catch (IllegalArgumentException e) {
            throw new SdpParseException(lineNo, e.getMessage());
          }
          List<Fingerprint> target = m == null ? fingerprints : m.fingerprints;
          if (target.size() >= 8) {
            throw new SdpParseException(lineNo, "more than 8 fingerprints");
          }
          target.add(fp);
        }
        case "setup" -> {
          Setup s = setup(arg);
          if (m == null) setup = s;
          else m.setup = s;
        }
        case "extmap-allow-mixed" -> {
          if (m == null) extmapAllowMixed = true;
        }
        case "extmap" -> {
          Extmap e = extmap(arg);
          List<Extmap> target = m == null ? sessionExtmaps : m.extmaps;
          for (Extmap other : target) {
            if (other.id() == e.id()) {
              throw new SdpParseException(lineNo, "extmap id " + e.id() + " used twice");
            }
          }
          target.add(e);
        }
        default -> {
          if (m != null) {
            mediaAttribute(m, name, arg);
          }
          // Other session-level attributes (msid-semantic, ice-lite …) are not needed.
        }
      }
    }

    private void mediaAttribute(Media m, String name, String arg) throws SdpParseException {
      switch (name) {
        case "mid" -> {
          String mid = arg.trim();
          if (mid.isEmpty() || mid.length() > MAX_MID || !isToken(mid)) {
            throw new SdpParseException(lineNo, "mid must be 1-" + MAX_MID + " token characters");
          }
          if (m.mid != null) {
            throw new SdpParseException(lineNo, "second a=mid in one m-section");
          }
          if (!mids.add(mid)) {
            throw new SdpParseException(lineNo, "mid " + mid + " used by two m-sections");
          }
          m.mid = mid;
        }
        case "sendrecv" -> m.direction = Direction.SENDRECV;
        case "sendonly" -> m.direction = Direction.SENDONLY;
        case "recvonly" -> m.direction = Direction.RECVONLY;
        case "inactive" -> m.direction = Direction.INACTIVE;
        case "bundle-only" -> m.bundleOnly = true;
        case "rtcp-mux" -> m.rtcpMux = true;
        case "rtcp-mux-only" -> {
          // RFC 8858 §4: rtcp-mux-only is offered together with rtcp-mux.
          m.rtcpMuxOnly = true;
          m.rtcpMux = true;
        }
        case "rtcp-rsize" -> m.rtcpRsize = true;
        case "end-of-candidates" -> m.endOfCandidates = true;
        case "rtpmap" -> rtpmap(m, arg);
        case "fmtp" -> fmtp(m, arg);
        case "rtcp-fb" -> rtcpFb(m, arg);
        case "ssrc" -> ssrc(m, arg);
        case "ssrc-group" -> ssrcGroup(m, arg);
        case "candidate" -> {
          if (++candidateCount > limits.maxCandidates()) {
            throw new SdpParseException(
                lineNo, "more than " + limits.maxCandidates() + " candidates");
          }
          m.candidates.add(Candidate.parse(arg, lineNo));
        }
        case "sctp-port" ->
            m.sctpPort = (int) parseUnsigned(arg.trim(), 65535, lineNo, "sctp-port");
        case "max-message-size" ->
            m.maxMessageSize = parseUnsigned(arg.trim(), 0xFFFFFFFFL, lineNo, "max-message-size");
        default -> {
          // msid, rtcp, ssrc-audio-level … : ignored (RFC 8866 §5.13).
        }
      }
    }

    private void group(String arg) throws SdpParseException {
      String[] f = SPACES.split(arg.trim());
      if (!f[0].equals("BUNDLE")) {
        return; // LS, FID groups of other kinds are not used by WebRTC
      }
      if (f.length - 1 > limits.maxMediaSections()) {
        throw new SdpParseException(lineNo, "BUNDLE group larger than the m-line limit");
      }
      List<String> g = new ArrayList<>();
      for (int i = 1; i < f.length; i++) {
        if (f[i].length() > MAX_MID || !isToken(f[i])) {
          throw new SdpParseException(lineNo, "BUNDLE mid is not a token: " + clip(f[i]));
        }
        if (!g.contains(f[i])) {
          g.add(f[i]);
        }
      }
      if (bundleGroups.size() >= 8) {
        throw new SdpParseException(lineNo, "more than 8 BUNDLE groups");
      }
      bundleGroups.add(g);
    }

    private Setup setup(String arg) throws SdpParseException {
      return switch (arg.trim()) {
        case "active" -> Setup.ACTIVE;
        case "passive" -> Setup.PASSIVE;
        case "actpass" -> Setup.ACTPASS;
        case "holdconn" -> Setup.HOLDCONN;
        default -> throw new SdpParseException(lineNo, "unknown setup value: " + clip(arg));
      };
    }

    /** RFC 8285 §8: {@code <id>[/<direction>] <uri> [<extension attributes>]}. */
    private Extmap extmap(String arg) throws SdpParseException {
      String[] f = SPACES.split(arg.trim());
      if (f.length < 2) {
        throw new SdpParseException(lineNo, "extmap needs <id> <uri>");
      }
      String idText = f[0];
      Direction dir = null;
      int slash = idText.indexOf('/');
      if (slash >= 0) {
        dir =
            switch (idText.substring(slash + 1)) {
              case "sendrecv" -> Direction.SENDRECV;
              case "sendonly" -> Direction.SENDONLY;
              case "recvonly" -> Direction.RECVONLY;
              case "inactive" -> Direction.INACTIVE;
              default ->
                  throw new SdpParseException(lineNo, "bad extmap direction: " + clip(idText));
            };
        idText = idText.substring(0, slash);
      }
      int id = (int) parseUnsigned(idText, 255, lineNo, "extmap id");
      if (id == 0) {
        throw new SdpParseException(lineNo, "extmap id 0 is reserved (RFC 8285 §4.2)");
      }
      String uri = f[1];
      if (uri.length() > 256) {
        throw new SdpParseException(lineNo, "extmap URI longer than 256");
      }
      return new Extmap(id, dir, uri);
    }

    /** RFC 8866 §6.6: {@code <pt> <encoding name>/<clock rate>[/<encoding parameters>]}. */
    private void rtpmap(Media m, String arg) throws SdpParseException {
      int sp = arg.indexOf(' ');
      if (sp <= 0) {
        throw new SdpParseException(lineNo, "rtpmap needs <pt> <encoding>/<clock>");
      }
      int pt = (int) parseUnsigned(arg.substring(0, sp), 127, lineNo, "rtpmap payload type");
      String[] enc = arg.substring(sp + 1).trim().split("/");
      if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty() || enc[0].length() > MAX_TOKEN) {
        throw new SdpParseException(lineNo, "rtpmap encoding must be <name>/<clock>[/<channels>]");
      }
      int clock = (int) parseUnsigned(enc[1], 10_000_000, lineNo, "rtpmap clock rate");
      int channels = enc.length == 3 ? (int) parseUnsigned(enc[2], 255, lineNo, "channels") : 1;
      if (!m.payloadTypes.contains(pt)) {
        return; // RFC 8866 §6.6: attributes for payload types not on the m-line are ignored
      }
      if (m.rtpmaps.put(
              pt, new String[] {enc[0], Integer.toString(clock), Integer.toString(channels)})
          != null) {
        throw new SdpParseException(lineNo, "second rtpmap for payload type " + pt);
      }
    }

    private void fmtp(Media m, String arg) throws SdpParseException {
      int sp = arg.indexOf(' ');
      String ptText = sp < 0 ? arg : arg.substring(0, sp);
      int pt = (int) parseUnsigned(ptText, 127, lineNo, "fmtp payload type");
      if (!m.payloadTypes.contains(pt)) {
        return;
      }
      if (m.fmtps.put(pt, sp < 0 ? "" : arg.substring(sp + 1).trim()) != null) {
        throw new SdpParseException(lineNo, "second fmtp for payload type " + pt);
      }
    }

    /** RFC 4585 §4.2: {@code <pt>|* <type> [<param>]}. */
    private void rtcpFb(Media m, String arg) throws SdpParseException {
      int sp = arg.indexOf(' ');
      if (sp <= 0) {
        throw new SdpParseException(lineNo, "rtcp-fb needs <pt> <type>");
      }
      String ptText = arg.substring(0, sp);
      String fb = arg.substring(sp + 1).trim();
      if (fb.contains("  ")) {
        fb = SPACES.matcher(fb).replaceAll(" ");
      }
      if (fb.isEmpty() || fb.length() > MAX_TOKEN) {
        throw new SdpParseException(lineNo, "rtcp-fb value empty or too long");
      }
      int pt = ptText.equals("*") ? -1 : (int) parseUnsigned(ptText, 127, lineNo, "rtcp-fb pt");
      if (pt >= 0 && !m.payloadTypes.contains(pt)) {
        return;
      }
      List<String> list = m.rtcpFb.computeIfAbsent(pt, k -> new ArrayList<>());
      if (list.size() >= 32) {
        throw new SdpParseException(lineNo, "more than 32 rtcp-fb values for one payload type");
      }
      if (!list.contains(fb)) {
        list.add(fb);
      }
    }

    /** RFC 5576 §4.1: {@code <ssrc-id> <attribute>[:<value>]}. */
    private void ssrc(Media m, String arg) throws SdpParseException {
      int sp = arg.indexOf(' ');
      String idText = sp < 0 ? arg : arg.substring(0, sp);
      long ssrc = parseUnsigned(idText.trim(), 0xFFFFFFFFL, lineNo, "ssrc");
      String rest = sp < 0 ? "" : arg.substring(sp + 1);
      int colon = rest.indexOf(':');
      String attr = colon < 0 ? rest.trim() : rest.substring(0, colon).trim();
      String value = colon < 0 ? "" : rest.substring(colon + 1).trim();
      countSsrc(m, ssrc);
      m.ssrcAttributes.add(new SsrcAttribute(ssrc, attr, value));
    }

    private void ssrcGroup(Media m, String arg) throws SdpParseException {
      String[] f = SPACES.split(arg.trim());
      if (f.length < 2 || f[0].length() > MAX_TOKEN) {
        throw new SdpParseException(lineNo, "ssrc-group needs <semantics> <ssrc>...");
      }
      if (f.length - 1 > limits.maxSsrcsPerMedia()
          || m.ssrcGroups.size() >= limits.maxSsrcsPerMedia()) {
        throw new SdpParseException(lineNo, "too many SSRCs in ssrc-group lines");
      }
      List<Long> ssrcs = new ArrayList<>();
      for (int i = 1; i < f.length; i++) {
        long s = parseUnsigned(f[i], 0xFFFFFFFFL, lineNo, "ssrc-group ssrc");
        countSsrc(m, s);
        ssrcs.add(s);
      }
      m.ssrcGroups.add(new SsrcGroup(f[0], ssrcs));
    }

    private void countSsrc(Media m, long ssrc) throws SdpParseException {
      if (m.distinctSsrcs.add(ssrc) && m.distinctSsrcs.size() > limits.maxSsrcsPerMedia()) {
        throw new SdpParseException(
            lineNo, "more than " + limits.maxSsrcsPerMedia() + " SSRCs on one m-line");
      }
      if (m.ssrcAttributes.size() >= limits.maxSsrcsPerMedia() * 8) {
        throw new SdpParseException(lineNo, "too many a=ssrc lines on one m-line");
      }
    }

    private String token(String s, String what) throws SdpParseException {
      if (s.isEmpty() || s.length() > MAX_TOKEN) {
        throw new SdpParseException(lineNo, what + " empty or longer than " + MAX_TOKEN);
      }
      return s;
    }

    /** RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/". */
    private String iceChars(String s, int min, int max, String what) throws SdpParseException {
      String v = s.trim();
      if (v.length() < min || v.length() > max) {
        throw new SdpParseException(lineNo, what + " must be " + min + "-" + max + " characters");
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/';
        if (!ok) {
          throw new SdpParseException(lineNo, what + " has a character outside ice-char");
        }
      }
      return v;
    }

    private static boolean isToken(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
          return false;
        }
      }
      return !s.isEmpty();
    }

    private SessionDescription build() {
      List<MediaDescription> out = new ArrayList<>(media.size());
      for (Media m : media) {
        out.add(m.build(this));
      }
      return new SessionDescription(
          originId,
          originVersion,
          bundleGroups,
          iceUfrag,
          icePwd,
          iceOptions,
          fingerprints,
          setup,
          extmapAllowMixed,
          out);
    }
  }

  /** Mutable accumulator for one m-section. */
  private static final class Media {
    final int index;
    final String kind;
    final int port;
    final String proto;
    final List<String> formats = new ArrayList<>();
    final List<Integer> payloadTypes = new ArrayList<>();
    String mid;
    Direction direction = Direction.SENDRECV;
    boolean bundleOnly;
    boolean rtcpMux;
    boolean rtcpMuxOnly;
    boolean rtcpRsize;
    boolean endOfCandidates;
    final Map<Integer, String[]> rtpmaps = new HashMap<>();
    final Map<Integer, String> fmtps = new HashMap<>();
    final Map<Integer, List<String>> rtcpFb = new HashMap<>();
    final List<Extmap> extmaps = new ArrayList<>();
    final List<SsrcAttribute> ssrcAttributes = new ArrayList<>();
    final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    final Set<Long> distinctSsrcs = new HashSet<>();
    final List<Candidate> candidates = new ArrayList<>();
    String iceUfrag;
    String icePwd;
    List<String> iceOptions;
    final List<Fingerprint> fingerprints = new ArrayList<>();
    Setup setup;
    int sctpPort = -1;
    long maxMessageSize = -1;

    Media(int index, String kind, int port, String proto) {
      this.index = index;
      this.kind = kind;
      this.port = port;
      this.proto = proto;
    }

    MediaDescription build(Parse session) {
      List<PayloadFormat> payloads = new ArrayList<>(payloadTypes.size());
      List<String> wildcard = rtcpFb.getOrDefault(-1, List.of());
      for (int pt : payloadTypes) {
        String[] map = rtpmaps.get(pt);
        List<String> fb = new ArrayList<>(rtcpFb.getOrDefault(pt, List.of()));
        for (String w : wildcard) {
          if (!fb.contains(w)) {
            fb.add(w);
          }
        }
        payloads.add(
            map == null
                ? new PayloadFormat(pt, "", 0, 1, fmtps.getOrDefault(pt, ""), fb)
                : new PayloadFormat(
                    pt,
                    map[0],
                    Integer.parseInt(map[1]),
                    Integer.parseInt(map[2]),
                    fmtps.getOrDefault(pt, ""),
                    fb));
      }
      List<Extmap> ext = new ArrayList<>(extmaps);
      for (Extmap e : session.sessionExtmaps) {
        if (ext.stream().noneMatch(x -> x.id() == e.id())) {
          ext.add(e); // RFC 8285 §8: session-level extmaps apply to every media section
        }
      }
      return new MediaDescription(
          index,
          kind,
          port,
          proto,
          formats,
          mid,
          direction,
          bundleOnly,
          rtcpMux,
          rtcpMuxOnly,
          rtcpRsize,
          payloads,
          ext,
          ssrcAttributes,
          ssrcGroups,
          candidates,
          endOfCandidates,
          iceUfrag != null ? iceUfrag : session.iceUfrag,
          icePwd != null ? icePwd : session.icePwd,
          iceOptions != null ? iceOptions : session.iceOptions,
          fingerprints.isEmpty() ? session.fingerprints : fingerprints,
          setup != null ? setup : session.setup,
          sctpPort,
          maxMessageSize);
    }
  }
}
