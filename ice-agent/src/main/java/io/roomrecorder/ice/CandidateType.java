package io.roomrecorder.ice;

import java.util.Locale;

/** Candidate types of RFC 8445 §5.1.1 with their RFC 8839 §5.1 {@code cand-type} names. */
public enum CandidateType {
  HOST("host"),
  SRFLX("srflx"),
  PRFLX("prflx"),
  RELAY("relay");

  private final String sdpName;

  CandidateType(String sdpName) {
    this.sdpName = sdpName;
  }

  /** The token after {@code typ} in a candidate line. */
  public String sdpName() {
    return sdpName;
  }

  /** Returns the type for an SDP token (case-insensitive), or {@code null} if unknown. */
  public static CandidateType fromSdpName(String token) {
    switch (token.toLowerCase(Locale.ROOT)) {
      case "host":
        return HOST;
      case "srflx":
        return SRFLX;
      case "prflx":
        return PRFLX;
      case "relay":
        return RELAY;
      default:
        return null;
    }
  }
}
