package io.roomrecorder.datachannel;

/** Data channel states, as in the W3C RTCDataChannel readyState. */
public enum DataChannelState {
  /** Opened locally, the association is not up yet. */
  CONNECTING,
  OPEN,
  /** One side reset its outgoing stream (RFC 8831 §6.7); waiting for the other. */
  CLOSING,
  CLOSED
}
