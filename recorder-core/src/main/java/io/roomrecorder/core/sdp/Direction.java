package io.roomrecorder.core.sdp;

/** Media direction attributes (RFC 8866 §6.7), from the point of view of whoever wrote the SDP. */
public enum Direction {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE;

  /** Whether the writer of the SDP intends to send media. */
  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  /** The attribute name ({@code sendrecv} …). */
  public String attribute() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
