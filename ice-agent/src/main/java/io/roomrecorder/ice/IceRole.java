package io.roomrecorder.ice;

/**
 * ICE role (RFC 8445 §6.1.1). In WebRTC the offerer controls: the recorder answers and is {@link
 * #CONTROLLED}; the Java test publisher offers and is {@link #CONTROLLING}.
 */
public enum IceRole {
  /** Sends USE-CANDIDATE and decides the selected pair (RFC 8445 §8.1). */
  CONTROLLING,
  /** Follows the nominations of the controlling agent. */
  CONTROLLED
}
