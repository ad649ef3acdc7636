package io.roomrecorder.api;

/** Which local candidates ICE may use (W3C RTCIceTransportPolicy). */
public enum IceTransportPolicy {
  /** Host, server-reflexive and relayed candidates. */
  ALL,
  /** Only relayed (TURN) candidates: media never goes directly to the publisher. */
  RELAY
}
