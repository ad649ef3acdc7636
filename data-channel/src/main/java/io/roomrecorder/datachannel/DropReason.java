package io.roomrecorder.datachannel;

/** Why an inbound packet, chunk or message was dropped; counted in {@link SctpStats}. */
public enum DropReason {
  /** Shorter than the SCTP common header. */
  TRUNCATED_PACKET,
  /** CRC32c mismatch (RFC 9260 §6.8). */
  BAD_CHECKSUM,
  /** Source or destination port differs from a=sctp-port (RFC 8841). */
  BAD_PORT,
  /** Verification Tag rules of RFC 9260 §8.5 not met. */
  BAD_VERIFICATION_TAG,
  /** A chunk or parameter length or field that does not fit (whole packet dropped). */
  MALFORMED_CHUNK,
  /** A chunk not valid in the current state (e.g. INIT-ACK when not in COOKIE-WAIT). */
  UNEXPECTED_CHUNK,
  /** An unknown chunk type whose upper bits say skip or stop (RFC 9260 §3.2). */
  UNKNOWN_CHUNK,
  /** Out-of-the-blue packet (RFC 9260 §8.4). */
  OUT_OF_THE_BLUE,
  /** Anything arriving after the association closed. */
  AFTER_CLOSE,
  /** State cookie with a bad HMAC or a bad format. */
  BAD_COOKIE,
  /** State cookie older than its lifetime (RFC 9260 §5.1.5). */
  STALE_COOKIE,
  /** DATA beyond the receive window or TSN window (RFC 9260 §6.2). */
  RECEIVE_WINDOW_FULL,
  /** A message larger than the maximum message size (RFC 8841 a=max-message-size). */
  OVERSIZED_MESSAGE,
  /** DATA for a stream number we did not negotiate (RFC 9260 §6.5). */
  INVALID_STREAM,
  /** A message on a stream with no open data channel. */
  UNKNOWN_CHANNEL,
  /** A fragment of a message already delivered or abandoned. */
  STALE_FRAGMENT,
  /** A DCEP message that does not parse or is not expected (RFC 8832). */
  MALFORMED_DCEP,
  /** A DATA_CHANNEL_OPEN refused: too many channels, or a label or protocol too long. */
  CHANNEL_REFUSED,
  /** A PPID that RFC 8831 §8 does not define for data channels. */
  UNKNOWN_PPID,
  /** A SACK acknowledging TSNs we never sent, or out of order (RFC 9260 §6.2.1). */
  BAD_SACK
}
