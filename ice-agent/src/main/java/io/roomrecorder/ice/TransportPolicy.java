package io.roomrecorder.ice;

/** ICE transport policy, as {@code RTCIceTransportPolicy} (W3C webrtc-pc §4.2.1). */
public enum TransportPolicy {
  /** Host, server-reflexive and relayed candidates are gathered, signaled and paired. */
  ALL,
  /**
   * Only relayed candidates are gathered, signaled and paired: no host socket is opened, so no
   * local address leaks and every pair goes through the TURN server.
   */
  RELAY
}
