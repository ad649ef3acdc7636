package io.roomrecorder.core.sdp;

/**
 * An SDP offer that cannot be used: malformed, oversized, or missing what WebRTC requires. The
 * message names the line (1-based) and the reason; it never echoes more than a short prefix of the
 * offending input, so hostile input cannot flood logs.
 */
public final class SdpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  public SdpParseException(int line, String reason) {
    super(line > 0 ? "SDP line " + line + ": " + reason : "SDP: " + reason);
    this.line = line;
  }

  /** The 1-based line the problem was found on, or 0 when it concerns the whole description. */
  public int line() {
    return line;
  }
}
