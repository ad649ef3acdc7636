package io.roomrecorder.signaling;

/** Why a signaling message was dropped. Each reason has its own counter in the stats. */
public enum DropReason {
  /** Not JSON, or not a JSON object. */
  MALFORMED_JSON,
  /** A known key with a value of the wrong type (e.g. a number where a string belongs). */
  WRONG_TYPE,
  /** A {@code request} we do not know, or a message with nothing we understand. */
  UNKNOWN_REQUEST,
  /** A payload with {@code vector} that does not decrypt with our password and salt. */
  UNDECRYPTABLE,
  /** Longer than the configured limit. */
  OVERSIZED,
  /** Addressed to another client (custom-server mode), or our own echo. */
  NOT_FOR_US,
  /** A stream the configured filter excludes. */
  FILTERED,
  /** Well-formed but not something this side ever acts on (an answer to us, offerSDP, …). */
  UNEXPECTED,
  /** Not allowed (a room stream played by a non-member, a stream ID already in use). */
  DENIED,
  /** Over the per-connection rate limit, or the receiver cannot keep up. */
  RATE_LIMITED,
  /** Buffered too long, or pushed out of a full buffer. */
  EXPIRED
}
