package io.roomrecorder.core.dtls;

/**
 * Which side of the DTLS handshake we take. RFC 8842 §5.1: the endpoint whose {@code a=setup} is
 * {@code active} initiates, i.e. is the DTLS client.
 */
public enum DtlsRole {
  /** We send the ClientHello ({@code a=setup:active} in our SDP). */
  CLIENT,
  /** We wait for the ClientHello ({@code a=setup:passive} in our SDP). */
  SERVER
}
