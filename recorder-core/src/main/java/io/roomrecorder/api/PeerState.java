package io.roomrecorder.api;

/**
 * The life of one participant's connection, as the recorder sees it.
 *
 * <pre>
 * NEW → NEGOTIATING → CONNECTING → DTLS → CONNECTED → CLOSED
 *                  ↘──────────────↘──────↘──────────→ FAILED
 * </pre>
 */
public enum PeerState {
  /** Created; no offer applied yet. */
  NEW,
  /** An offer was answered; ICE is gathering and checking. */
  NEGOTIATING,
  /** ICE is checking candidate pairs. */
  CONNECTING,
  /** ICE is connected; the DTLS handshake is running. */
  DTLS,
  /** DTLS is up and SRTP keys are set: media flows. */
  CONNECTED,
  /** Ended normally (the participant left, or the recorder closed). */
  CLOSED,
  /** Ended by an error; the event carries the reason. */
  FAILED
}
