package io.roomrecorder.core.sdp;

/**
 * A well-formed offer we cannot answer: no ICE credentials or fingerprint, {@code
 * a=setup:holdconn}, or a renegotiation that would change the transport (ICE restart, new DTLS
 * certificate or role, m-lines removed or reordered), none of which this receiver supports.
 */
public final class SdpNegotiationException extends Exception {
  private static final long serialVersionUID = 1L;

  public SdpNegotiationException(String reason) {
    super(reason);
  }
}
