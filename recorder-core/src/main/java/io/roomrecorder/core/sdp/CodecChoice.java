package io.roomrecorder.core.sdp;

import java.util.Map;
import java.util.Optional;

/**
 * Picks the one codec we record from an m-line, and its RTX payload type. Stateless.
 *
 * <p>Video: H.264 with packetization-mode=1 (RFC 6184 §6.2: non-interleaved, FU-A and STAP-A, what
 * our depacketizer handles), preferring Constrained Baseline 42e01f then 42001f (what Chromium
 * encodes with OpenH264), then any other Constrained Baseline, Baseline, Main, High; among equals
 * the offerer's order. Without such H.264, VP8 (recorded to WebM). Audio: Opus 48 kHz stereo (RFC
 * 7587 §7).
 */
public final class CodecChoice {

  private CodecChoice() {}

  /** The video codec to answer, if the m-line has one we can record. */
  public static Optional<PayloadFormat> video(MediaDescription m, boolean acceptVp8) {
    PayloadFormat best = null;
    int bestRank = Integer.MAX_VALUE;
    for (PayloadFormat p : m.payloads()) {
      if (!p.is("H264") || p.clockRate() != 90000) {
        continue;
      }
      Map<String, String> fmtp = p.fmtpParameters();
      if (!"1".equals(fmtp.get("packetization-mode"))) {
        continue;
      }
      int rank = h264Rank(fmtp.getOrDefault("profile-level-id", "420010"));
      if (rank < bestRank) {
        best = p;
        bestRank = rank;
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    if (acceptVp8) {
      for (PayloadFormat p : m.payloads()) {
        if (p.is("VP8") && p.clockRate() == 90000) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** The audio codec to answer: Opus/48000/2. */
  public static Optional<PayloadFormat> audio(MediaDescription m) {
    for (PayloadFormat p : m.payloads()) {
      if (p.is("opus") && p.clockRate() == 48000 && p.channels() == 2) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The RTX payload type whose {@code apt} names {@code codec} (RFC 4588 §8.6). */
  public static Optional<PayloadFormat> rtxFor(MediaDescription m, PayloadFormat codec) {
    for (PayloadFormat p : m.payloads()) {
      if (p.is("rtx")
          && p.clockRate() == codec.clockRate()
          && Integer.toString(codec.payloadType()).equals(p.fmtpParameters().get("apt"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Lower is better. profile-level-id is profile_idc, profile-iop, level_idc as hex (RFC 6184
   * §8.1); Constrained Baseline is profile_idc 0x42 with constraint_set1_flag (iop bit 0x40).
   */
  static int h264Rank(String profileLevelId) {
    String id = profileLevelId.toLowerCase(java.util.Locale.ROOT);
    if (id.length() != 6 || !id.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return 9;
    }
    if (id.equals("42e01f")) {
      return 0;
    }
    if (id.equals("42001f")) {
      return 1;
    }
    int profileIdc = Integer.parseInt(id.substring(0, 2), 16);
    int iop = Integer.parseInt(id.substring(2, 4), 16);
    if (profileIdc == 0x42 && (iop & 0x40) != 0) {
      return 2;
    }
    if (profileIdc == 0x42) {
      return 3;
    }
    if (profileIdc == 0x4d) {
      return 4;
    }
    if (profileIdc == 0x64) {
      return 5;
    }
    return 6;
  }
}
