package io.roomrecorder.core.sdp;

/**
 * What the answer advertises beyond the fixed choices (H.264 then VP8, Opus, RTX).
 *
 * @param sessionId the {@code o=} sess-id, kept for every answer of one negotiator (RFC 3264 §8)
 * @param transportCc accept {@code transport-cc} rtcp-fb and the transport-wide-cc extension; only
 *     turn this on once the receiver sends transport-cc feedback, otherwise leave REMB (the
 *     default) in charge of the sender's bitrate
 * @param acceptVp8 answer VP8 when the offer has no usable H.264
 * @param maxMessageSize our {@code a=max-message-size} for the data channel (RFC 8841 §6)
 */
public record AnswerOptions(
    long sessionId, boolean transportCc, boolean acceptVp8, long maxMessageSize) {

  public AnswerOptions {
    if (sessionId < 0) {
      throw new IllegalArgumentException("sessionId must be non-negative");
    }
    if (maxMessageSize < 0) {
      throw new IllegalArgumentException("maxMessageSize must be non-negative");
    }
  }

  /** REMB, VP8 allowed, 256 KiB messages. */
  public static AnswerOptions defaults(long sessionId) {
    return new AnswerOptions(sessionId, false, true, 262_144);
  }
}
