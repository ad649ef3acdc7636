package io.roomrecorder.core.sdp;

/** The {@code a=setup} attribute (RFC 4145 §4, RFC 8842 §5.1). */
public enum Setup {
  ACTIVE,
  PASSIVE,
  ACTPASS,
  HOLDCONN;

  /** The attribute value ({@code actpass} …). */
  public String attribute() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
